import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, type PoseidonHasher } from './poseidon-hasher.js';

/** Bytes of one field element in WebAssembly memory (four little-endian 64-bit limbs). */
export const SLOT_BYTES = 32;
/** 64-bit words of one field element. */
export const SLOT_WORDS = 4;

const PAGE_BYTES = 65536;

/**
 * circomlibjs's src/poseidon_wasm.js, imported by path: its package entry also loads
 * babyjub/eddsa and with them the native blake-hash addon, and a process that has that addon
 * loaded in more than one thread aborts when a worker thread exits (Node 20, seen with the
 * hash pool). poseidon_wasm.js needs only ffjavascript.
 */
async function importCircomlibjsPoseidonWasm(): Promise<{ buildPoseidon(): Promise<unknown> }> {
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve('circomlibjs')), '..');
  return (await import(pathToFileURL(join(packageRoot, 'src', 'poseidon_wasm.js')).href)) as { buildPoseidon(): Promise<unknown> };
}

/** The parts of circomlibjs's (ffjavascript's) WebAssembly thread manager that are used here. */
interface WasmThreadManager {
  memory: WebAssembly.Memory;
  u8: Uint8Array;
  u32: Uint32Array;
  alloc(length: number): number;
  instance: {
    exports: {
      poseidon(pInitState: number, pIn: number, n: number, pOut: number, nOut: number): void;
      frm_toMontgomery(pIn: number, pOut: number): void;
      frm_fromMontgomery(pIn: number, pOut: number): void;
    };
  };
}

/**
 * circomlibjs's WebAssembly Poseidon kernel (the whole permutation, with the optimized
 * constants, runs inside WebAssembly in Montgomery form), called directly: inputs are
 * written as limbs and converted inside WebAssembly, with no per-call allocation, instead of
 * going through circomlibjs's `F.e` / `F.toObject` conversions. Measured the fastest
 * circomlib-compatible Poseidon in Node here (see bench/poseidon-bench.ts).
 *
 * Besides `hash`, it exposes a slot API for bulk work that stays in WebAssembly memory: a
 * scratch area of 32-byte slots holding field elements in Montgomery form, so that trees and
 * coin draws chain hashes without converting anything to BigInt.
 */
export class WasmPoseidon implements PoseidonHasher {
  readonly #tm: WasmThreadManager;
  readonly #poseidon: WasmThreadManager['instance']['exports']['poseidon'];
  readonly #toMontgomery: (pIn: number, pOut: number) => void;
  readonly #fromMontgomery: (pIn: number, pOut: number) => void;
  readonly #zero: number;
  readonly #input: number;
  readonly #output: number;
  #words: BigUint64Array;
  #u32: Uint32Array;
  #scratch = 0;
  #scratchSlots = 0;

  private constructor(tm: WasmThreadManager) {
    this.#tm = tm;
    const exports = tm.instance.exports;
    this.#poseidon = exports.poseidon;
    this.#toMontgomery = exports.frm_toMontgomery;
    this.#fromMontgomery = exports.frm_fromMontgomery;
    this.#zero = tm.alloc(SLOT_BYTES);
    this.#input = tm.alloc(SLOT_BYTES * POSEIDON_MAX_INPUTS);
    this.#output = tm.alloc(SLOT_BYTES);
    this.#words = new BigUint64Array(tm.memory.buffer);
    this.#u32 = new Uint32Array(tm.memory.buffer);
    this.#words.fill(0n, this.#zero / 8, this.#zero / 8 + SLOT_WORDS);
  }

  /** A private WebAssembly instance (circomlibjs builds a new one per call in single-thread mode). */
  static async create(): Promise<WasmPoseidon> {
    const { buildPoseidon } = await importCircomlibjsPoseidonWasm();
    const poseidon = (await buildPoseidon()) as { F: { tm?: WasmThreadManager } };
    const tm = poseidon.F.tm;
    if (tm === undefined || typeof tm.instance?.exports?.poseidon !== 'function') {
      throw new Error('circomlibjs no longer exposes its WebAssembly Poseidon kernel (F.tm.instance.exports.poseidon)');
    }
    return new WasmPoseidon(tm);
  }

  hash(inputs: readonly bigint[]): bigint {
    const n = inputs.length;
    if (n < 1 || n > POSEIDON_MAX_INPUTS) throw new RangeError(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${n}`);
    const words = this.#words;
    let slot = this.#input;
    for (let i = 0; i < n; i += 1) {
      const x = inputs[i] as bigint;
      if (x < 0n || x >= BN254_FIELD_MODULUS) throw new RangeError('Poseidon input outside the BN254 scalar field');
      const word = slot >>> 3;
      words[word] = x;
      words[word + 1] = x >> 64n;
      words[word + 2] = x >> 128n;
      words[word + 3] = x >> 192n;
      this.#toMontgomery(slot, slot);
      slot += SLOT_BYTES;
    }
    const out = this.#output;
    this.#poseidon(this.#zero, this.#input, n, out, 1);
    this.#fromMontgomery(out, out);
    const word = out >>> 3;
    return (words[word] as bigint) | ((words[word + 1] as bigint) << 64n) | ((words[word + 2] as bigint) << 128n) | ((words[word + 3] as bigint) << 192n);
  }

  /**
   * The byte address of a scratch area of at least `count` slots (grown as needed; its
   * contents survive growth). Any `words` view taken before a call to this is stale.
   */
  scratch(count: number): number {
    if (count > this.#scratchSlots) {
      const memory = this.#tm.memory;
      if (this.#scratch === 0) this.#scratch = memory.buffer.byteLength;
      const needed = this.#scratch + count * SLOT_BYTES - memory.buffer.byteLength;
      if (needed > 0) memory.grow(Math.ceil(needed / PAGE_BYTES));
      this.#scratchSlots = (memory.buffer.byteLength - this.#scratch) / SLOT_BYTES;
      // Growing detaches the old buffer: refresh our view and circomlibjs's own.
      this.#words = new BigUint64Array(memory.buffer);
      this.#u32 = new Uint32Array(memory.buffer);
      this.#tm.u8 = new Uint8Array(memory.buffer);
      this.#tm.u32 = new Uint32Array(memory.buffer);
    }
    return this.#scratch;
  }

  /** The whole WebAssembly memory as 64-bit words (slot at byte address a starts at word a / 8). */
  get words(): BigUint64Array {
    return this.#words;
  }

  /** The whole WebAssembly memory as 32-bit words (slot at byte address a starts at word a / 4). */
  get u32(): Uint32Array {
    return this.#u32;
  }

  /** Copies `count` canonical elements (4 little-endian words each, from `source[offset]`) into slots and converts them to Montgomery form. */
  load(address: number, source: BigUint64Array, offset: number, count: number): void {
    this.#words.set(source.subarray(offset, offset + count * SLOT_WORDS), address >>> 3);
    for (let i = 0, slot = address; i < count; i += 1, slot += SLOT_BYTES) this.#toMontgomery(slot, slot);
  }

  /** Converts `count` slots out of Montgomery form in place and copies them to `target[offset]` (the slots then hold canonical values). */
  store(address: number, count: number, target: BigUint64Array, offset: number): void {
    for (let i = 0, slot = address; i < count; i += 1, slot += SLOT_BYTES) this.#fromMontgomery(slot, slot);
    const word = address >>> 3;
    target.set(this.#words.subarray(word, word + count * SLOT_WORDS), offset);
  }

  /** Converts one slot out of Montgomery form in place. */
  fromMontgomery(address: number): void {
    this.#fromMontgomery(address, address);
  }

  /** Converts one slot into Montgomery form in place. */
  toMontgomery(address: number): void {
    this.#toMontgomery(address, address);
  }

  /** Poseidon of the `arity` consecutive slots at `input` (Montgomery form) into the slot at `output`; input and output may overlap. */
  hashSlots(input: number, arity: number, output: number): void {
    if (arity < 1 || arity > POSEIDON_MAX_INPUTS) throw new RangeError(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${arity}`);
    this.#poseidon(this.#zero, input, arity, output, 1);
  }
}

/** The WebAssembly kernel behind the plain `PoseidonHasher` interface. */
export function createWasmPoseidon(): Promise<WasmPoseidon> {
  return WasmPoseidon.create();
}
