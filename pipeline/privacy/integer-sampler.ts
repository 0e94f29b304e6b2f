/** An exact sampler of integer noise: each call draws a fresh, independent sample. */
export interface IntegerSampler {
  /** One sample, exactly distributed. */
  sample(): bigint;
  /**
   * One sample as a double, exact whenever it is a whole number below 2^52 in magnitude
   * (every sample in practice); NaN otherwise, with the exact sample in `lastBig`.
   */
  next(): number;
  /** The sample of the last `next()` that returned NaN. */
  readonly lastBig: bigint;
}
