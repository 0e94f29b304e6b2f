import { UsageError } from '../pipeline/errors/index.js';

/** Commander argument parsers that turn a bad value into a one-line UsageError. */
export function parsePositiveInteger(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
    }
    return n;
  };
}

export function parseNonNegativeInteger(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new UsageError(`${name} must be a whole number of 0 or more, got "${value}"`);
    }
    return n;
  };
}

/** A TCP port, 0 to 65535 (0: any free port). */
export function parsePort(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > 65_535) throw new UsageError(`${name} must be a TCP port from 0 to 65535, got "${value}"`);
    return n;
  };
}

/** `all` or a whole number of 0 or more (--verify-batches). */
export function parseAllOrCount(name: string): (value: string) => 'all' | number {
  const count = parseNonNegativeInteger(name);
  return (value) => {
    if (value.trim() === 'all') return 'all';
    try {
      return count(value);
    } catch {
      throw new UsageError(`${name} must be "all" or a whole number of 0 or more, got "${value}"`);
    }
  };
}
