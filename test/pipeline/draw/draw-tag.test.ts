import { describe, expect, it } from 'vitest';
import { drawTag } from '../../../pipeline/draw/index.js';

const TWO_248 = 1n << 248n;

/** The tag read back into text: big-endian bytes, UTF-8. */
function untag(tag: bigint): string {
  let hex = tag.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return new TextDecoder().decode(Uint8Array.from(hex.match(/../g)!, (b) => Number.parseInt(b, 16)));
}

describe('drawTag', () => {
  it('is distinct for every period and below 2^248', () => {
    // A century of monthly periods: two periods sharing a tag would share the draw's randomness.
    const tags = new Set<bigint>();
    for (let year = 2000; year < 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        const tag = drawTag(period);
        expect(tag < TWO_248).toBe(true);
        expect(untag(tag)).toBe(`stones-draw/${period}`);
        tags.add(tag);
      }
    }
    expect(tags.size).toBe(1200);
  });

  it('takes periods up to 31 bytes with the prefix, and refuses longer ones', () => {
    const longest = 'x'.repeat(31 - 'stones-draw/'.length);
    const tag = drawTag(longest);
    expect(tag < TWO_248).toBe(true);
    expect(tag >= 1n << 240n).toBe(true);
    expect(() => drawTag(`${longest}x`)).toThrow(/too long/);
    // The limit is on bytes: ten two-byte letters are 20 bytes, one too many.
    expect(() => drawTag('é'.repeat(10))).toThrow(/too long/);
    expect(untag(drawTag('é'.repeat(9)))).toBe(`stones-draw/${'é'.repeat(9)}`);
  });
});
