import { createHash, randomFillSync } from 'node:crypto';
import { endianness } from 'node:os';

/**
 * Uniform random bits for the samplers, buffered: one refill produces BUFFER_WORDS 32-bit
 * words (64 KiB), so a sample costs an array read per word instead of a call into OpenSSL.
 *
 * - `CryptoRandomSource`: node:crypto's CSPRNG (`randomFillSync`, OpenSSL's DRBG). The one
 *   every release uses.
 * - `SeededRandomSource`: a reproducible stream for tests and audits, block i being
 *   SHAKE256("stones/privacy/seeded-random-source/v1" || seed || i as 8 bytes big-endian)
 *   with 64 KiB of output. Deterministic from the seed, on every platform (words are read
 *   little-endian); never for releases, since whoever knows the seed knows the noise.
 *
 * Everything above the words (bits, uniform integers below n) is exact: rejection sampling,
 * no modulo bias, no floating point. The JavaScript engine's own PRNG is never used.
 */
export abstract class RandomSource {
  private readonly words: Uint32Array;
  private index: number;
  private bitWord = 0;
  private bitsLeft = 0;

  protected constructor(bufferWords: number) {
    this.words = new Uint32Array(bufferWords);
    this.index = bufferWords; // filled on first use
  }

  /** Writes fresh uniform words over the whole buffer. */
  protected abstract refill(words: Uint32Array): void;

  /** A uniform whole number in [0, 2^32). */
  nextUint32(): number {
    if (this.index === this.words.length) {
      this.refill(this.words);
      this.index = 0;
    }
    return this.words[this.index++] as number;
  }

  /** A uniform bit, 0 or 1 (32 bits are taken from one word). */
  nextBit(): number {
    if (this.bitsLeft === 0) {
      this.bitWord = this.nextUint32();
      this.bitsLeft = 32;
    }
    this.bitsLeft -= 1;
    return (this.bitWord >>> this.bitsLeft) & 1;
  }

  /**
   * A uniform whole number in [0, n), for a whole number n in [1, 2^53]. Exact:
   * n <= 2^21: Lemire's multiply-and-reject (w * n < 2^53 is exact in a double);
   * larger n: the top bits of one or two words, rejected when >= n (fewer than 2 tries on average).
   */
  uniformBelow(n: number): number {
    if (n <= 0x200000) {
      let product = this.nextUint32() * n;
      let low = product % 0x100000000;
      if (low < n) {
        const threshold = (0x100000000 - n) % n;
        while (low < threshold) {
          product = this.nextUint32() * n;
          low = product % 0x100000000;
        }
      }
      return Math.floor(product / 0x100000000);
    }
    if (n <= 0x100000000) {
      const drop = Math.clz32(n - 1); // n - 1 < 2^32 has 32 - drop significant bits
      for (;;) {
        const value = drop === 0 ? this.nextUint32() : this.nextUint32() >>> drop;
        if (value < n) return value;
      }
    }
    if (!(n <= 2 ** 53) || !Number.isInteger(n)) throw new RangeError(`uniformBelow: n must be a whole number in [1, 2^53], got ${n}`);
    const highBits = 32 - Math.clz32(Math.floor((n - 1) / 0x100000000)); // bits of n - 1 above the low 32: 1..21
    for (;;) {
      const value = (this.nextUint32() >>> (32 - highBits)) * 0x100000000 + this.nextUint32();
      if (value < n) return value;
    }
  }

  /** A uniform whole number in [0, n), for any bigint n >= 1 (whole words, top bits masked, rejected when >= n). */
  uniformBigIntBelow(n: bigint): bigint {
    if (n < 1n) throw new RangeError(`uniformBigIntBelow: n must be at least 1, got ${n}`);
    if (n <= 0x200000n) return BigInt(this.uniformBelow(Number(n)));
    const bits = (n - 1n).toString(2).length;
    const wordCount = Math.ceil(bits / 32);
    const topBits = bits - 32 * (wordCount - 1);
    for (;;) {
      let value = BigInt(this.nextUint32() >>> (32 - topBits));
      for (let i = 1; i < wordCount; i += 1) value = (value << 32n) | BigInt(this.nextUint32());
      if (value < n) return value;
    }
  }
}

const BUFFER_WORDS = 16_384; // 64 KiB

/** node:crypto's CSPRNG, 64 KiB at a time. */
export class CryptoRandomSource extends RandomSource {
  constructor() {
    super(BUFFER_WORDS);
  }

  protected refill(words: Uint32Array): void {
    randomFillSync(words);
  }
}

const SEEDED_DOMAIN = Buffer.from('stones/privacy/seeded-random-source/v1', 'utf8');
const LITTLE_ENDIAN = endianness() === 'LE';

/** A reproducible stream: SHAKE256 in counter mode over the seed (see RandomSource). For tests and audits only. */
export class SeededRandomSource extends RandomSource {
  private readonly seed: Buffer;
  private block = 0n;

  constructor(seed: Uint8Array | string) {
    super(BUFFER_WORDS);
    this.seed = typeof seed === 'string' ? Buffer.from(seed, 'utf8') : Buffer.from(seed);
  }

  protected refill(words: Uint32Array): void {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(this.block);
    this.block += 1n;
    const bytes = createHash('shake256', { outputLength: words.byteLength }).update(SEEDED_DOMAIN).update(this.seed).update(counter).digest();
    if (!LITTLE_ENDIAN) bytes.swap32();
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
    words.set(new Uint32Array(aligned.buffer, aligned.byteOffset, words.length));
  }
}
