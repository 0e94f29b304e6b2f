import { ConfigError, UsageError } from '../../errors/index.js';
import type { R1csHeader } from './r1cs-header.js';

/** The largest power this code will run a ceremony for (snarkjs supports up to 28). */
const MAX_POWER = 28;

/**
 * The smallest powers-of-tau power whose domain fits the circuit, computed as snarkjs's
 * zKey.newZKey does: 2^power must exceed constraints + public inputs + outputs.
 */
function requiredPower(header: R1csHeader): number {
  const rows = header.constraints + header.publicInputs + header.publicOutputs;
  return Math.floor(Math.log2(Math.max(rows, 1))) + 1;
}

/** The power to use: the one asked for (checked against the circuit), or the smallest that fits. */
export function choosePower(header: R1csHeader, circuit: string, requested?: number): number {
  const needed = requiredPower(header);
  if (requested === undefined) {
    if (needed > MAX_POWER) throw new ConfigError(`${circuit} needs power ${needed}, above the supported ${MAX_POWER}`);
    return needed;
  }
  if (!Number.isSafeInteger(requested) || requested < 1 || requested > MAX_POWER) {
    throw new UsageError(`--power must be a whole number from 1 to ${MAX_POWER}, got ${requested}`);
  }
  if (requested < needed) {
    throw new ConfigError(
      `power ${requested} is too small for ${circuit}: ${header.constraints.toLocaleString('en-US')} constraints and ` +
        `${header.publicInputs + header.publicOutputs} public signals need power ${needed} or more`,
    );
  }
  return requested;
}
