import type { CheckResult } from '../bundle/check-log.js';

/**
 * Every check `stones verify-chain` makes of a sequence of bundles, beyond each bundle's own
 * checks. The names are stable: tests, scripts and regulators' notes refer to them.
 */
export const CHAIN_CHECKS = [
  { name: 'chain.bundles', about: 'every bundle verifies on its own (stones verify: proofs, roots, sums, awards)' },
  { name: 'chain.time_zone', about: 'every period is a month of the same time zone' },
  { name: 'chain.duplicates', about: 'no period published twice: a period has one release, or corrections numbered 2, 3, ... after it' },
  { name: 'chain.missing', about: 'no period missing: the months follow one another' },
  { name: 'chain.start', about: 'the first period names no previous release and carries 0 in (or names one outside the bundles given)' },
  { name: 'chain.links', about: "each release names the month before's release in force by run id and record SHA-256" },
  { name: 'chain.remainders', about: 'each carried_in is the remainder of the release it names' },
  { name: 'chain.totals', about: "awards of the releases in force plus the last remainder = the formulas' pools plus what the first carried in" },
  { name: 'chain.plan', about: "the periods lie in the formula's plan, and a whole plan year gives out its total" },
] as const;

export type ChainCheckName = (typeof CHAIN_CHECKS)[number]['name'];

export type ChainCheckResult = CheckResult<ChainCheckName>;
