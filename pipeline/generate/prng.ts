/**
 * A small seeded PRNG (sfc32, seeded through murmur3's fmix32). Math.random cannot be seeded,
 * and the generator must give the same bytes for the same seed on every machine, so only
 * 32-bit integer arithmetic and IEEE-exact operations (+, *, /, sqrt) are used here:
 * no exp/log/pow, whose last bit may differ between engines.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // The first outputs of sfc32 are still correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * An independent stream per (seed, stream id): each owner draws from its own stream, so
   * adding a persona rule for one owner never shifts the randomness of the others.
   */
  static forStream(seed: number, stream: number): Prng {
    let h = fmix32(0x2545f491 ^ lowWord(seed));
    h = fmix32(h ^ highWord(seed));
    h = fmix32((h + 0x9e3779b9) ^ lowWord(stream));
    h = fmix32(h ^ highWord(stream));
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) | 0;
      words.push(fmix32(h));
    }
    return new Prng(words[0]!, words[1]!, words[2]!, words[3]!);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform whole number in [low, high], both included. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Approximately normal (sum of three uniforms, so bounded at ±3 sd: no absurd outliers). */
  normal(mean: number, sd: number): number {
    return mean + sd * 2 * (this.next() + this.next() + this.next() - 1.5);
  }

  /** Right-skewed on [low, high]: most values near low, a thin tail up to high. */
  skewed(low: number, high: number): number {
    const u = this.next();
    return low + (high - low) * u * u;
  }

  pickWeighted<T extends { readonly weight: number }>(items: readonly T[]): T {
    let total = 0;
    for (const item of items) total += item.weight;
    let target = this.next() * total;
    for (const item of items) {
      target -= item.weight;
      if (target < 0) return item;
    }
    return items[items.length - 1]!;
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function lowWord(n: number): number {
  return n >>> 0;
}

function highWord(n: number): number {
  return Math.floor(n / 4294967296) >>> 0;
}
