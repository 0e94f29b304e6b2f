import { SLOT_BYTES, SLOT_WORDS, type WasmPoseidon } from '../poseidon/index.js';
import { levelArities } from '../merkle/index.js';
import { checkCoinCount, popcount32 } from './coin-bits.js';

/*
 * The bulk operations as a worker runs them: packed canonical elements in, everything else in
 * WebAssembly memory in Montgomery form, packed canonical elements (or counts) out. Nothing is
 * converted to BigInt.
 */

/** Poseidon of each row; `arities[r]` elements of `words` per row, one after another. */
export function hashRowsPacked(kernel: WasmPoseidon, words: BigUint64Array, arities: Uint8Array): BigUint64Array {
  const elements = words.length / SLOT_WORDS;
  const rows = arities.length;
  const input = kernel.scratch(elements + rows);
  const output = input + elements * SLOT_BYTES;
  kernel.load(input, words, 0, elements);
  let slot = input;
  for (let row = 0; row < rows; row += 1) {
    const arity = arities[row] as number;
    kernel.hashSlots(slot, arity, output + row * SLOT_BYTES);
    slot += arity * SLOT_BYTES;
  }
  const out = new BigUint64Array(rows * SLOT_WORDS);
  kernel.store(output, rows, out, 0);
  return out;
}

/** For each packed salt, the number of 1 bits among the low n (<= 128) bits of Poseidon(beacon, salt). */
export function countCoinsPacked(kernel: WasmPoseidon, beacon: BigUint64Array, salts: BigUint64Array, n: number): Int32Array {
  checkCoinCount(n);
  const count = salts.length / SLOT_WORDS;
  // Slots: [beacon, salt] hashed together, then the output.
  const base = kernel.scratch(3);
  const saltSlot = base + SLOT_BYTES;
  const outSlot = base + 2 * SLOT_BYTES;
  kernel.load(base, beacon, 0, 1);
  const u32 = kernel.u32;
  const out = new Int32Array(count);
  const outWord = outSlot >>> 2;
  const full = n >>> 5;
  const rest = n & 31;
  for (let s = 0; s < count; s += 1) {
    kernel.load(saltSlot, salts, s * SLOT_WORDS, 1);
    kernel.hashSlots(base, 2, outSlot);
    kernel.fromMontgomery(outSlot);
    let ones = 0;
    for (let w = 0; w < full; w += 1) ones += popcount32(u32[outWord + w] as number);
    if (rest > 0) ones += popcount32((u32[outWord + full] as number) & ((1 << rest) - 1));
    out[s] = ones;
  }
  return out;
}

/** The root of each group's tree; `sizes[g]` (a power of two) leaves of `words` per group, one after another. */
export function treeRootsPacked(kernel: WasmPoseidon, words: BigUint64Array, sizes: Uint32Array): BigUint64Array {
  let largest = 1;
  for (const size of sizes) largest = Math.max(largest, size);
  const level = kernel.scratch(largest);
  const out = new BigUint64Array(sizes.length * SLOT_WORDS);
  let word = 0;
  sizes.forEach((size, group) => {
    const arities = levelArities(size);
    kernel.load(level, words, word, size);
    word += size * SLOT_WORDS;
    // Each level is written over the start of the one below: parent k only overwrites
    // slots whose own parent was already hashed (the kernel reads its inputs before it writes).
    let nodes = size;
    for (const arity of arities) {
      nodes /= arity;
      for (let k = 0; k < nodes; k += 1) kernel.hashSlots(level + k * arity * SLOT_BYTES, arity, level + k * SLOT_BYTES);
    }
    kernel.store(level, 1, out, group * SLOT_WORDS);
  });
  return out;
}
