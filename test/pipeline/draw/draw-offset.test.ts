import { describe, expect, it } from 'vitest';
import { createBigintPoseidon } from '../../../pipeline/commitments/poseidon/index.js';
import { drawOffset, drawRandom, drawTag } from '../../../pipeline/draw/index.js';
import { SplitMix64 } from './draw-fixture.js';

const TWO_128 = 1n << 128n;

describe('drawOffset', () => {
  it('is u mod W, in [0, W), and 0 when nobody entered', () => {
    const random = new SplitMix64(7n);
    for (let i = 0; i < 500; i++) {
      const u = random.next128();
      const total = 1n + (random.next128() % (1n << 80n));
      const offset = drawOffset(u, total);
      expect(offset >= 0n && offset < total).toBe(true);
      expect((u - offset) % total).toBe(0n);
    }
    expect(drawOffset(123n, 0n)).toBe(0n);
    expect(() => drawOffset(123n, -1n)).toThrow(RangeError);
  });

  it('is uniform on [0, W) to within total variation W / 2^128 < 2^-48, worked out exactly', () => {
    // u uniform on [0, 2^128): r = 2^128 mod W residues are hit floor(2^128 / W) + 1 times, the
    // other W - r once less, so the distance to uniform is exactly r (W - r) / (W 2^128).
    for (const total of [3n, 1000n, 362_728_392n, (1n << 80n) - 1n, (1n << 80n) - 12345n]) {
      const r = TWO_128 % total;
      const q = TWO_128 / total;
      // The rows of the histogram: each residue's probability minus 1 / W, summed where positive.
      const numerator = r * ((q + 1n) * total - TWO_128); // over TWO_128 * total
      expect(numerator).toBe(r * (total - r));
      // TV < W / 2^128  <=>  r (W - r) < W^2.
      expect(numerator < total * total).toBe(true);
      // TV < 2^-48  <=>  r (W - r) 2^48 < W 2^128.
      expect(numerator * (1n << 48n) < total * TWO_128).toBe(true);
    }
  });
});

describe('drawRandom', () => {
  const hasher = createBigintPoseidon();

  it('is the low 128 bits of Poseidon(beacon, draw tag)', () => {
    const beacon = 0x1234_5678_9abc_def0_1234_5678_9abc_def0_1234n;
    const u = drawRandom(hasher, beacon, '2026-03');
    const full = hasher.hash([beacon, drawTag('2026-03')]);
    expect(u).toBe(full % TWO_128);
    expect(u >= 0n && u < TWO_128).toBe(true);
    // A hash of a field element is below the 254-bit modulus, so the truncation did cut.
    expect(full >= TWO_128).toBe(true);
  });

  it('changes with the period and with the beacon', () => {
    const seen = new Set<bigint>();
    for (const beacon of [1n, 2n, 3n]) {
      for (const period of ['2026-01', '2026-02', '2026-03', '2027-01']) seen.add(drawRandom(hasher, beacon, period));
    }
    expect(seen.size).toBe(12);
  });
});
