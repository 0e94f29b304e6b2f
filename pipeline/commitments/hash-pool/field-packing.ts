import { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, SLOT_WORDS } from '../poseidon/index.js';

/**
 * Field elements cross to the workers packed as 4 little-endian 64-bit words each in one
 * BigUint64Array (32 bytes per element, the layout of a WebAssembly slot), whose buffer is
 * transferred, not copied.
 */
export function packFields(
  values: readonly bigint[],
  words: BigUint64Array<ArrayBuffer> = new BigUint64Array(values.length * SLOT_WORDS),
  offset = 0,
): BigUint64Array<ArrayBuffer> {
  let word = offset;
  for (const value of values) {
    writeField(words, word, value);
    word += SLOT_WORDS;
  }
  return words;
}

/** Writes one field element at `words[word]` (throws on a value outside the field). */
function writeField(words: BigUint64Array, word: number, value: bigint): void {
  if (value < 0n || value >= BN254_FIELD_MODULUS) throw new RangeError(`not a BN254 field element: ${value}`);
  words[word] = value;
  words[word + 1] = value >> 64n;
  words[word + 2] = value >> 128n;
  words[word + 3] = value >> 192n;
}

/** Reads one field element from `words[word]`. */
export function readField(words: BigUint64Array, word: number): bigint {
  return (words[word] as bigint) | ((words[word + 1] as bigint) << 64n) | ((words[word + 2] as bigint) << 128n) | ((words[word + 3] as bigint) << 192n);
}

/** Rows of 1..16 elements: all elements one after another, and each row's length. */
export function packRows(rows: readonly (readonly bigint[])[]): { words: BigUint64Array<ArrayBuffer>; arities: Uint8Array<ArrayBuffer> } {
  let elements = 0;
  const arities = new Uint8Array(rows.length);
  rows.forEach((row, index) => {
    if (row.length < 1 || row.length > POSEIDON_MAX_INPUTS)
      throw new RangeError(`row ${index} has ${row.length} inputs; Poseidon takes 1..${POSEIDON_MAX_INPUTS}`);
    arities[index] = row.length;
    elements += row.length;
  });
  const words = new BigUint64Array(elements * SLOT_WORDS);
  let word = 0;
  for (const row of rows) {
    packFields(row, words, word);
    word += row.length * SLOT_WORDS;
  }
  return { words, arities };
}
