import { z } from 'zod';
import { count, decimal, decimalBelow, FORMAT_BIT_WIDTHS, fieldElement, period, sha256Hex } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

const {
  score: SCORE_BITS,
  pool: POOL_BITS,
  users: USERS_BITS,
  entries: ENTRY_BITS,
  draw_stones: DRAW_STONES_BITS,
  draw_weight: DRAW_WEIGHT_BITS,
} = FORMAT_BIT_WIDTHS;

export const manifestBatchSchema = z
  .object({
    batch: count,
    users: count,
    data_root: fieldElement,
    award_root: fieldElement,
    noisy_sum: decimalBelow(SCORE_BITS + USERS_BITS),
    award_sum: decimalBelow(POOL_BITS),
    /**
     * The batch's slice of the draw: the cumulative weight (entries x noisy score, in committed
     * order) before its first owner and after its last, the stones its owners won, c(draw_end) -
     * c(draw_start), and their entries. The intervals chain from 0 to draw.total.
     */
    draw_start: decimalBelow(DRAW_WEIGHT_BITS),
    draw_end: decimalBelow(DRAW_WEIGHT_BITS),
    draw_wins: decimalBelow(DRAW_STONES_BITS),
    entries: decimalBelow(ENTRY_BITS + USERS_BITS),
  })
  .strict();

const hexDigits = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`), `${n} lowercase hex digits`);

/** The drand round the beacon is: `stones verify` checks its signature against the formula's pinned key. */
export const manifestDrandSchema = z
  .object({
    chain_hash: hexDigits(64),
    /** At most 2^40: a round every second for 34,000 years. */
    round: z
      .number()
      .int()
      .min(1)
      .max(2 ** 40),
    /** SHA-256 of the signature; the beacon is this number modulo the BN254 field. */
    randomness: hexDigits(64),
    signature: hexDigits(96),
  })
  .strict();

/**
 * Where the data root was anchored before the beacon was asked for: the commitRun transaction
 * on the registry, whose block time the drand round must come after (by the formula's margin).
 * `stones verify --rpc` checks it against the chain.
 */
export const manifestDataRootAnchorSchema = z
  .object({
    chain_id: z.number().int().min(1),
    registry: z.string().regex(/^0x[0-9a-f]{40}$/, '0x and 40 lowercase hex digits'),
    transaction: z.string().regex(/^0x[0-9a-f]{64}$/, '0x and 64 lowercase hex digits'),
    block_number: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** The block's timestamp, Unix seconds (below 2^40). */
    block_time: z
      .number()
      .int()
      .min(0)
      .max(2 ** 40),
  })
  .strict();

/**
 * The period's draw of stones for crystals: the formula's terms, its public randomness and its
 * totals. c(x) = ceil((stones x - offset) / total) stones fall below the cumulative weight x;
 * each owner wins c(after) - c(before), and exactly `stones` are won when total > 0.
 */
export const manifestDrawSchema = z
  .object({
    /** D, the stones the formula offers; crystals_per_entry and max_entries: the formula's. */
    stones: decimalBelow(DRAW_STONES_BITS),
    crystals_per_entry: count,
    max_entries: count,
    /** The draw tag, `stones-draw/<period>` as a field element. */
    tag: fieldElement,
    /** u: the low 128 bits of Poseidon(beacon, tag). */
    random: fieldElement,
    /** W: the sum over owners of entries x noisy score. */
    total: decimalBelow(DRAW_WEIGHT_BITS),
    /** U = u mod W (0 when W = 0). */
    offset: decimalBelow(DRAW_WEIGHT_BITS),
    /** Stones won: `stones` when total > 0, else 0. */
    stones_won: decimalBelow(DRAW_STONES_BITS),
    /** All the owners' entries (how many owners entered is not published: no proof binds it). */
    entries: decimalBelow(ENTRY_BITS + USERS_BITS),
  })
  .strict();

/**
 * The release a run carries its remainder from: the month before's release in force, named by
 * run id and the SHA-256 of its record (manifestRecordSha256: its manifest without the proofs
 * section, as canonical JSON). Null for the first period of the chain, which carries 0.
 */
export const manifestPreviousSchema = z.object({ run_id: z.string().min(1), period, manifest_sha256: sha256Hex }).strict();

/** Which release of its period's scores a run is, and what the period has spent on them with it. */
export const scoreReleaseReportSchema = z
  .object({
    /** 1 for the release at the period's close, 2 for a first correction, ... */
    index: z.number().int().min(1),
    /** The period's score releases up to this one, by basic composition. */
    period_epsilon: z.number().nonnegative(),
    period_delta: z.number().nonnegative(),
    /** The formula's release.period_epsilon. */
    period_epsilon_budget: z.number().positive(),
  })
  .strict();

export const scoreNoisePrivacyReportSchema = z
  .object({
    mechanism: z.literal('binomial'),
    privacy_unit: z.string(),
    /** The neighbour relation the epsilon is for (NEIGHBOUR_RELATION). */
    neighbours: z.string(),
    n: count,
    k: count,
    /** The most one user-day moves a score, and so q = floor(score / k) by at most lattice_shift steps. */
    sensitivity: decimal,
    lattice_shift: count,
    /** k * sqrt(n) / 2: the noise's standard deviation in score units. */
    noise_sd: z.number().nonnegative(),
    /** Certified per user-day and release by the exact accountant; never above target_epsilon. */
    epsilon: z.number().nonnegative(),
    target_epsilon: z.number().nonnegative(),
    delta: z.number(),
    release: scoreReleaseReportSchema,
  })
  .strict();

/**
 * What `stones prove` adds once every batch is proved: the circuit instance and the SHA-256 of
 * the verification key it copied into the bundle (`verification_key.json`), which a regulator
 * also compares with the key of the published ceremony.
 */
export const manifestProofsSchema = z
  .object({
    circuit: z.string(),
    protocol: z.literal('groth16'),
    curve: z.literal('bn128'),
    verification_key_sha256: sha256Hex,
    /** One proof file per batch, `proofs/batch-NNNNNN.json`. */
    batches: count,
  })
  .strict();

/**
 * bundle/manifest.json: the public record of a run, for regulators (no user id, feature, salt
 * or pepper). Unknown fields are refused, so nothing unchecked rides along a verified bundle.
 */
export const manifestSchema = z
  .object({
    schema_version: z.literal(SCHEMA_VERSIONS.manifest),
    run_id: z.string().min(1),
    period: z.string().min(1),
    time_zone: z.string().min(1),
    formula: z.object({ id: z.string(), version: z.number().int(), sha256: sha256Hex, poseidon: fieldElement }).strict(),
    pool: decimalBelow(POOL_BITS),
    /** The previous release's remainder (0 for the first period), `previous` names it. */
    carried_in: decimalBelow(POOL_BITS),
    previous: manifestPreviousSchema.nullable(),
    total_noisy_score: decimalBelow(SCORE_BITS + USERS_BITS),
    total_awards: decimalBelow(POOL_BITS),
    remainder: decimalBelow(POOL_BITS),
    beacon: z.object({ value: fieldElement, demo: z.boolean(), recorded_at: z.string(), drand: manifestDrandSchema.optional() }).strict(),
    data_root: fieldElement,
    data_root_recorded_at: z.string(),
    /** Absent when the run's data root was not anchored before its beacon (a demo run). */
    data_root_anchor: manifestDataRootAnchorSchema.optional(),
    award_root: fieldElement,
    users: count,
    batch_size: z.number().int().min(1),
    tree: z.object({ batch_arity: count, top_arity: count, padding_leaf: fieldElement }).strict(),
    batches: z.array(manifestBatchSchema),
    draw: manifestDrawSchema,
    privacy: scoreNoisePrivacyReportSchema,
    /** Absent until the run is proved. */
    proofs: manifestProofsSchema.optional(),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestDrand = z.infer<typeof manifestDrandSchema>;
export type ManifestDataRootAnchor = z.infer<typeof manifestDataRootAnchorSchema>;
export type ManifestBatch = z.infer<typeof manifestBatchSchema>;
export type ManifestDraw = z.infer<typeof manifestDrawSchema>;
export type ManifestPrevious = z.infer<typeof manifestPreviousSchema>;
export type ManifestProofs = z.infer<typeof manifestProofsSchema>;
export type ScoreReleaseReport = z.infer<typeof scoreReleaseReportSchema>;
export type ScoreNoisePrivacyReport = z.infer<typeof scoreNoisePrivacyReportSchema>;
