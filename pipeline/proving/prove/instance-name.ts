import type { Formula } from '../../scoring/formula.js';

/** The circuit name of a formula's instance. */
export function instanceName(formula: Formula): string {
  return `batch-award-v3-b${formula.batch_size}-n${formula.noise.n}`;
}
