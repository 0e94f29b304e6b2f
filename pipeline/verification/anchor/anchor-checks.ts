import type { CheckResult } from '../bundle/check-log.js';

/**
 * The checks `stones verify --rpc` makes of a bundle against its record on an EVM chain
 * (StonesRegistry). The names are stable: tests, scripts and regulators' notes refer to them.
 */
export const ANCHOR_CHECKS = [
  {
    name: 'anchor.contracts',
    about: "the registry, its Poseidon contracts and the circuit's verifier hold the code stones ships (contracts/build, circomlibjs)",
  },
  {
    name: 'anchor.commitment',
    about:
      "the chain's commitment of the run: period, formula hashes, circuit, data root, batches and users as in the manifest, and its block and time the manifest's data_root_anchor",
  },
  { name: 'anchor.outcome', about: "the chain's record of the run: pool, S, awards, remainder, beacon, award root, W and U as in the manifest" },
  { name: 'anchor.manifest', about: "the chain records the manifest's record SHA-256 (every published number is the anchored one)" },
  { name: 'anchor.batches', about: "every batch's proof was verified by the registry (BatchVerified), for these batch roots and sums" },
] as const;

export type AnchorCheckName = (typeof ANCHOR_CHECKS)[number]['name'];
export type AnchorCheckResult = CheckResult<AnchorCheckName>;
