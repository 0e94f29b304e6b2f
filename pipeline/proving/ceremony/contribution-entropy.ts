import { randomBytes } from 'node:crypto';

/** Fresh entropy for one contribution: 64 bytes from the OS CSPRNG (snarkjs mixes in its own too). */
export function contributionEntropy(): string {
  return randomBytes(64).toString('hex');
}

/** Names the contributors `contributor 1 of N` ... unless names were given. */
export function contributorNames(count: number, names?: readonly string[]): string[] {
  if (names && names.length > 0) return [...names];
  return Array.from({ length: count }, (_, i) => `contributor ${i + 1} of ${count}`);
}
