/**
 * Every check `stones verify` makes of a public bundle, in the order they run and are
 * reported. The names are stable: tests, scripts and regulators' notes refer to them.
 */
export const BUNDLE_CHECKS = [
  { name: 'manifest.format', about: 'manifest.json is a complete run manifest' },
  { name: 'formula.format', about: 'formula.json is a valid formula' },
  { name: 'formula.sha256', about: "formula.json's SHA-256 is the manifest's" },
  { name: 'formula.poseidon', about: "formula.json's Poseidon hash is the manifest's" },
  { name: 'formula.published', about: 'formula.json is the published formula (--formula)' },
  { name: 'manifest.formula_terms', about: 'formula id, version, batch size, privacy figures and tree shape follow from formula.json' },
  { name: 'manifest.run_id', about: 'the run id follows from period, time zone, formula and data root' },
  {
    name: 'beacon.authenticated',
    about:
      'the beacon is the randomness of a round of the drand network formula.json pins, its BLS signature valid under the pinned key (the demo beacon only with --allow-demo-beacon)',
  },
  {
    name: 'beacon.after_commitment',
    about:
      "the drand round is the first produced at least the formula's margin after the block that anchored the data root, on a public chain; the recorded times are in order (all a demo beacon has)",
  },
  { name: 'pool', about: "pool = the formula's pool + carried_in" },
  { name: 'previous.first', about: 'a run that names no previous release is a first period: it carries 0 in' },
  { name: 'previous.run', about: 'the previous bundle (--previous) is the release the manifest names: run id, period and record SHA-256' },
  { name: 'previous.period', about: 'the previous release is of the month before, in the same time zone' },
  { name: 'previous.remainder', about: "carried_in is the previous release's remainder" },
  { name: 'batches.indices', about: 'batches numbered 0, 1, 2, ... each exactly once' },
  { name: 'batches.users', about: 'users fill the batches in order and add up to the user count' },
  { name: 'data_root', about: 'the top tree over the batch data roots gives data_root' },
  { name: 'award_root', about: 'the top tree over the batch award roots gives award_root' },
  { name: 'total_noisy_score', about: 'the batch noisy-score sums add up to S (total_noisy_score)' },
  { name: 'award_sums', about: 'the batch award sums add up to total_awards, and total_awards + remainder = pool' },
  { name: 'draw.formula', about: "the draw's stones, crystals_per_entry and max_entries are formula.json's (0 without a draw)" },
  { name: 'draw.random', about: 'draw.tag is "stones-draw/<period>", and draw.random (u) the low 128 bits of Poseidon(beacon, draw.tag)' },
  { name: 'draw.offset', about: 'draw.offset (U) is u mod draw.total (W), 0 when W is 0' },
  { name: 'draw.intervals', about: "the batches' draw intervals chain: batch 0 starts at 0, each starts where the one before ends, the last ends at W" },
  { name: 'draw.batch_wins', about: "each batch's draw_wins is c(draw_end) - c(draw_start), c(x) = ceil((D x - U) / W)" },
  { name: 'draw.stones_won', about: 'the batch draw_wins add up to stones_won, which is D when W > 0 and 0 when W is 0' },
  { name: 'draw.entries', about: 'the batch entries add up to draw.entries, at most max_entries an owner' },
  { name: 'awards.format', about: 'awards.jsonl has one well-formed line per user' },
  { name: 'awards.order', about: 'awards.jsonl lists users in batch and leaf order, each tag once' },
  { name: 'awards.award_root', about: "the award leaves of awards.jsonl give each batch's award root" },
  { name: 'awards.sums', about: "awards.jsonl gives each batch's user count, noisy-score sum and award sum" },
  { name: 'awards.draw_wins', about: "awards.jsonl gives each batch's draw_wins, and no stone to a noisy score of 0" },
  { name: 'awards.floor', about: 'each award is floor(pool x noisy score / S)' },
  { name: 'awards.lattice', about: 'each noisy score is a multiple of the noise step k (the noise lattice)' },
  { name: 'stats.format', about: "stats.json is the fleet statistics of this run under the formula's privacy policy" },
  { name: 'stats.noise', about: "every statistic is noised with the policy's mechanism and scale for its sensitivity, its interval holding its value" },
  { name: 'stats.budget', about: 'the release cost what the policy says, and the period stayed within its budget' },
  { name: 'verification_key.format', about: 'verification_key.json is a Groth16 bn128 key with one public input' },
  { name: 'verification_key.sha256', about: "verification_key.json's SHA-256 is the manifest's" },
  { name: 'verification_key.circuit', about: "the manifest's circuit is the formula's instance (batch size, coins)" },
  { name: 'verification_key.ceremony', about: "the key is the ceremony's key for that circuit" },
  { name: 'proofs.files', about: 'one proof file per batch, and no other' },
  { name: 'proofs.format', about: 'each proof file holds a Groth16 proof and its public signals' },
  { name: 'proofs.statement', about: "each proof's public signal is its batch statement, recomputed from the manifest" },
  { name: 'proofs.groth16', about: 'each proof verifies for its batch statement under the verification key' },
] as const;

export type BundleCheckName = (typeof BUNDLE_CHECKS)[number]['name'];

export type BundleCheckStatus = 'passed' | 'failed' | 'skipped';

export interface BundleCheckResult {
  name: BundleCheckName;
  about: string;
  status: BundleCheckStatus;
  /** The first failures (at most MAX_KEPT_FAILURES), each one line. */
  failures: string[];
  /** All failures, kept or not. */
  failureCount: number;
  /** Why a check did not run (an earlier check it depends on failed, or an option was not given). */
  skippedBecause?: string;
  /**
   * For a skipped check: true when there is nothing for it to check (the formula publishes no
   * statistics, no published formula was given to compare with). Any other skip means the
   * check could not run, and the bundle does not verify.
   */
  nothingToCheck?: boolean;
}
