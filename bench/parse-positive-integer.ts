import { UsageError } from '../pipeline/errors/index.js';

/** A commander argument parser that turns anything but a positive whole number into a one-line UsageError. */
export function parsePositiveInteger(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
    }
    return n;
  };
}
