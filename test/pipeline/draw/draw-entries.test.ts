import { describe, expect, it } from 'vitest';
import { drawEntries } from '../../../pipeline/draw/index.js';

/** Entries bought one at a time, until the crystals or the cap run out: the rule in words. */
function buyOneByOne(price: number, cap: number, spent: number): bigint {
  let left = spent;
  let entries = 0;
  while (price > 0 && entries < cap && left >= price) {
    left -= price;
    entries++;
  }
  return BigInt(entries);
}

describe('drawEntries', () => {
  it('buys whole entries with the crystals spent, at most max_entries', () => {
    for (const [price, cap] of [
      [25, 4],
      [1, 20],
      [7, 1],
      [100, 3],
    ] as const) {
      const draw = { stones: 1000, crystals_per_entry: price, max_entries: cap };
      for (let spent = 0; spent <= price * (cap + 2) + 3; spent++) {
        expect(drawEntries(draw, BigInt(spent))).toBe(buyOneByOne(price, cap, spent));
      }
    }
  });

  it('keeps no change: a remainder under one price and crystals beyond the cap buy nothing', () => {
    const draw = { stones: 1000, crystals_per_entry: 25, max_entries: 4 };
    expect(drawEntries(draw, 24n)).toBe(0n);
    expect(drawEntries(draw, 74n)).toBe(2n);
    expect(drawEntries(draw, 10n ** 30n)).toBe(4n);
  });

  it('gives no entries when the formula offers none', () => {
    expect(drawEntries({ stones: 1000, crystals_per_entry: 25, max_entries: 0 }, 500n)).toBe(0n);
    expect(drawEntries({ stones: 0, crystals_per_entry: 0, max_entries: 0 }, 500n)).toBe(0n);
  });

  it('refuses a negative spend', () => {
    expect(() => drawEntries({ stones: 1000, crystals_per_entry: 25, max_entries: 4 }, -1n)).toThrow(RangeError);
  });
});
