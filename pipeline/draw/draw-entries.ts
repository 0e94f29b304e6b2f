import type { FormulaDraw } from '../scoring/formula.js';

/**
 * An owner's entries in a period's draw: whole entries bought by the crystals they spent on it,
 * at most max_entries. Spent crystals are final: a remainder under one entry's price, or
 * crystals beyond max_entries, buy nothing (the award file shows both figures).
 */
export function drawEntries(draw: FormulaDraw, crystalsSpent: bigint): bigint {
  if (crystalsSpent < 0n) throw new RangeError(`drawEntries: ${crystalsSpent} crystals spent`);
  if (draw.max_entries === 0 || draw.crystals_per_entry === 0) return 0n;
  const bought = crystalsSpent / BigInt(draw.crystals_per_entry);
  const most = BigInt(draw.max_entries);
  return bought < most ? bought : most;
}
