import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { drawTag } from './draw-tag.js';

const LOW_128 = (1n << 128n) - 1n;

/** u: the low 128 bits of Poseidon(beacon, draw tag), the draw's one random number. */
export function drawRandom(hasher: PoseidonHasher, beacon: bigint, period: string): bigint {
  return hasher.hash([beacon, drawTag(period)]) & LOW_128;
}

/**
 * U = u mod W, the offset of the draw's points (0 when W = 0: no entrant, no draw). Public:
 * anyone recomputes it from the beacon and the period, so the circuit takes it from the
 * statement. u is uniform on [0, 2^128), so U is uniform on [0, W) to within a total
 * variation of W / 2^128 < 2^-48 (W < 2^80).
 */
export function drawOffset(random: bigint, total: bigint): bigint {
  if (total < 0n) throw new RangeError(`drawOffset: W = ${total} is negative`);
  return total === 0n ? 0n : random % total;
}
