import { fieldFromHex } from '../../commitments/field-encoding.js';
import type { PoseidonHasher } from '../../commitments/poseidon/index.js';
import { batchStatement } from './batch-statement.js';
import type { RunSnapshot, RunUser } from '../../publishing/run-snapshot.js';
import { type DrawBatch, drawBatches } from '../../draw/index.js';
import { coinHash, FEATURE_NAMES, formulaDrawOf, formulaPoseidonHash, quantiseScore, splitCoinHash, type Formula } from '../../scoring/index.js';

export { batchStatement, manifestBatchStatement } from './batch-statement.js';

/** The witness generator's input: numbers as decimal strings, per-slot values as arrays. */
export type BatchCircuitInput = Record<string, string | string[] | string[][]>;

/** The formula's private inputs of the circuit (the formula's own pool, not the run's). */
export function formulaCircuitInput(formula: Formula): BatchCircuitInput {
  const text = (value: bigint | number): string => value.toString();
  return {
    version: text(formula.version),
    pool: text(formula.pool),
    weight: FEATURE_NAMES.map((name) => text(formula.features[name].weight)),
    cap: FEATURE_NAMES.map((name) => text(formula.features[name].cap)),
    daily_cap: FEATURE_NAMES.map((name) => text(formula.features[name].daily_cap)),
    k: text(formula.noise.k),
    n: text(formula.noise.n),
    batch_size: text(formula.batch_size),
    draw_stones: text(formulaDrawOf(formula).stones),
    crystals_per_entry: text(formulaDrawOf(formula).crystals_per_entry),
    max_entries: text(formulaDrawOf(formula).max_entries),
  };
}

/** Every batch's slice of the run's draw (what its statement binds), from the snapshot. */
export function runDrawBatches(snapshot: RunSnapshot, formula: Formula): DrawBatch[] {
  const { run } = snapshot;
  return drawBatches({ stones: BigInt(formulaDrawOf(formula).stones), total: run.drawTotal, offset: run.drawOffset }, snapshot.users, run.batches);
}

/** The users of each batch, slot by slot (undefined for padding slots after the real users). */
export function batchSlots(snapshot: RunSnapshot, batchSize: number): (RunUser | undefined)[][] {
  const batches = Array.from({ length: snapshot.run.batches }, () => new Array<RunUser | undefined>(batchSize).fill(undefined));
  for (const user of snapshot.users) {
    const slots = batches[user.batch];
    if (slots === undefined || user.leafIndex < 0 || user.leafIndex >= batchSize) {
      throw new Error(
        `run ${snapshot.run.runId}: user at batch ${user.batch}, leaf ${user.leafIndex} is outside ${snapshot.run.batches} batches of ${batchSize}`,
      );
    }
    slots[user.leafIndex] = user;
  }
  return batches;
}

/**
 * What the prover supplies per owner beyond the committed data, for the circuit to check:
 * q = floor(score / k), the two halves of the coin hash, the noisy score and the award.
 * A padding slot has zero data and salt 0: its coin hash is still Poseidon(beacon, 0).
 */
function ownerWitness(hasher: PoseidonHasher, formula: Formula, beacon: bigint, user: RunUser | undefined): { quotient: bigint; low: bigint; high: bigint } {
  const { low, high } = splitCoinHash(coinHash(hasher, beacon, user?.salt ?? 0n));
  return { quotient: user ? quantiseScore(user.score, formula.noise.k).quotient : 0n, low, high };
}

/**
 * The input names and order of BatchAward(B, N_COINS) for batch `batchIndex` of a scored run
 * (the same shape as test/circuits/support/batch-award-input.ts): `pool` is the FORMULA's pool,
 * `carried_in` the run's, `total` is S. `slots` defaults to batchSlots(snapshot) of that batch.
 */
export function batchCircuitInput(
  hasher: PoseidonHasher,
  snapshot: RunSnapshot,
  formula: Formula,
  batchIndex: number,
  slots: readonly (RunUser | undefined)[] = batchSlots(snapshot, formula.batch_size)[batchIndex] ?? [],
  formulaHash: bigint = formulaPoseidonHash(hasher, formula),
  draw: DrawBatch = runDrawBatches(snapshot, formula)[batchIndex] as DrawBatch,
): BatchCircuitInput {
  const { run, batchRoots } = snapshot;
  if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex >= run.batches) throw new RangeError(`run ${run.runId} has no batch ${batchIndex}`);
  if (slots.length !== formula.batch_size) throw new Error(`batch ${batchIndex}: ${slots.length} slots for batch size ${formula.batch_size}`);
  const text = (value: bigint | number): string => value.toString();
  const statement = batchStatement(hasher, {
    formulaHash,
    runPool: formula.pool + run.carriedIn,
    total: run.totalNoisy,
    beacon: fieldFromHex(run.beacon),
    batchIndex,
    dataRoot: batchRoots.data[batchIndex] as bigint,
    awardRoot: batchRoots.award[batchIndex] as bigint,
    noisySum: slots.reduce((sum, user) => sum + (user?.noisyScore ?? 0n), 0n),
    awardSum: slots.reduce((sum, user) => sum + (user?.award ?? 0n), 0n),
    drawTotal: run.drawTotal,
    drawOffset: run.drawOffset,
    drawStart: draw.start,
    drawEnd: draw.end,
    drawWins: draw.wins,
    entries: draw.entries,
  });
  const beacon = fieldFromHex(run.beacon);
  const witness = slots.map((user) => ownerWitness(hasher, formula, beacon, user));
  return {
    statement: text(statement),
    ...formulaCircuitInput(formula),
    carried_in: text(run.carriedIn),
    total: text(run.totalNoisy),
    beacon: text(beacon),
    batch_index: text(batchIndex),
    draw_total: text(run.drawTotal),
    draw_offset: text(run.drawOffset),
    draw_start: text(draw.start),
    draw_start_count: text(draw.startCount),
    is_real: slots.map((user) => (user ? '1' : '0')),
    user_tag: slots.map((user) => text(user?.tag ?? 0n)),
    features: slots.map((user) => FEATURE_NAMES.map((name) => text(user?.features[name] ?? 0n))),
    salt: slots.map((user) => text(user?.salt ?? 0n)),
    quotient: witness.map((w) => text(w.quotient)),
    coin_low: witness.map((w) => text(w.low)),
    coin_high: witness.map((w) => text(w.high)),
    noisy: slots.map((user) => text(user?.noisyScore ?? 0n)),
    award: slots.map((user) => text(user?.award ?? 0n)),
    entries: slots.map((user) => text(user?.entries ?? 0n)),
    // A padding slot adds no weight, so its count is the count before it.
    draw_count: paddedDrawCounts(slots, draw.startCount).map(text),
  };
}

function paddedDrawCounts(slots: readonly (RunUser | undefined)[], startCount: bigint): bigint[] {
  let last = startCount;
  return slots.map((user) => {
    if (user) last = user.drawCount;
    return last;
  });
}
