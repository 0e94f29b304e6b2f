import { fieldFromHex } from '../pipeline/commitments/field-encoding.js';
import type { PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { type DrawParameters, drawCount } from '../pipeline/draw/index.js';
import { formulaCircuitInput, runDrawBatches, type BatchCircuitInput } from '../pipeline/proving/prove/index.js';
import type { RunSnapshot } from '../pipeline/publishing/run-snapshot.js';
import { coinHash, FEATURE_NAMES, formulaDrawOf, quantiseScore, splitCoinHash, type FeatureName, type Formula } from '../pipeline/scoring/index.js';
import type { BinaryPath } from './sparse-binary-tree.js';

/** The run values the baseline proof needs (the same as a batch proof's, minus the batch). */
export interface SingleAwardRun {
  formula: Formula;
  /** formulaPoseidonHash of the formula (its 29 numbers). */
  formulaHash: bigint;
  carriedIn: bigint;
  /** S, the sum of all noisy scores of the run. */
  total: bigint;
  beacon: bigint;
  /** The draw's W (the sum of all entries * noisy score) and offset U. */
  drawTotal: bigint;
  drawOffset: bigint;
}

/** One scored user, as the pipeline stored it (RunUser fits). */
export interface SingleAwardUser {
  tag: bigint;
  features: Record<FeatureName, bigint>;
  salt: bigint;
  score: bigint;
  noisyScore: bigint;
  award: bigint;
  /** Draw entries (packed in the data leaf). */
  entries: bigint;
  /** The draw count c at the end of the owner's weight interval. */
  drawCount: bigint;
  awardLeaf: bigint;
}

/** The baseline's run values of a scored run (the formula's hash given, as the pipeline computed it). */
export function singleAwardRun(snapshot: RunSnapshot, formula: Formula, formulaHash: bigint): SingleAwardRun {
  const { run } = snapshot;
  return {
    formula,
    formulaHash,
    carriedIn: run.carriedIn,
    total: run.totalNoisy,
    beacon: fieldFromHex(run.beacon),
    drawTotal: run.drawTotal,
    drawOffset: run.drawOffset,
  };
}

function drawParameters(run: SingleAwardRun): DrawParameters {
  return { stones: BigInt(formulaDrawOf(run.formula).stones), total: run.drawTotal, offset: run.drawOffset };
}

/**
 * Each user's cumulative draw weight before it (the start of its weight interval), in
 * snapshot order: its batch's start (runDrawBatches, as the batch proofs state it) plus the
 * weights entries * noisy of the owners before it in its batch.
 */
export function singleAwardWeightsBefore(snapshot: RunSnapshot, formula: Formula): bigint[] {
  const starts = runDrawBatches(snapshot, formula);
  const running = new Map<number, bigint>();
  return snapshot.users.map((user) => {
    const start = running.get(user.batch) ?? starts[user.batch]?.start;
    if (start === undefined) throw new Error(`singleAwardWeightsBefore: user in batch ${user.batch} of ${starts.length}`);
    running.set(user.batch, start + user.entries * user.noisyScore);
    return start;
  });
}

/**
 * The public statement of bench/circuits/single-award.circom: Poseidon of its 11 values, in the
 * circuit's order.
 */
export function singleAwardStatement(
  hasher: PoseidonHasher,
  v: {
    formulaHash: bigint;
    runPool: bigint;
    total: bigint;
    beacon: bigint;
    dataRoot: bigint;
    leafIndex: number;
    awardLeaf: bigint;
    drawTotal: bigint;
    drawOffset: bigint;
    weightBefore: bigint;
    countBefore: bigint;
  },
): bigint {
  return hasher.hash([
    v.formulaHash,
    v.runPool,
    v.total,
    v.beacon,
    v.dataRoot,
    BigInt(v.leafIndex),
    v.awardLeaf,
    v.drawTotal,
    v.drawOffset,
    v.weightBefore,
    v.countBefore,
  ]);
}

/**
 * The witness generator's input of SingleAward(DEPTH, N_COINS) for one owner whose data leaf is
 * at `path.index` of the binary tree with root `dataRoot` and whose draw interval starts at
 * `weightBefore` (singleAwardWeightsBefore). The formula's own pool, as in batchCircuitInput:
 * the run's pool is pool + carried_in. count_before = drawCount at weightBefore; the owner's
 * stored draw count must be drawCount at weightBefore + entries * noisy.
 */
export function singleAwardInput(
  hasher: PoseidonHasher,
  run: SingleAwardRun,
  user: SingleAwardUser,
  dataRoot: bigint,
  path: BinaryPath,
  weightBefore: bigint,
): BatchCircuitInput {
  const text = (value: bigint | number): string => value.toString();
  const draw = drawParameters(run);
  const countBefore = drawCount(draw, weightBefore);
  const countAfter = drawCount(draw, weightBefore + user.entries * user.noisyScore);
  if (countAfter !== user.drawCount) {
    throw new Error(
      `singleAwardInput: leaf ${path.index} has draw count ${user.drawCount}, but c at the end of its interval from ${weightBefore} is ${countAfter}`,
    );
  }
  const coins = splitCoinHash(coinHash(hasher, run.beacon, user.salt));
  const statement = singleAwardStatement(hasher, {
    formulaHash: run.formulaHash,
    runPool: run.formula.pool + run.carriedIn,
    total: run.total,
    beacon: run.beacon,
    dataRoot,
    leafIndex: path.index,
    awardLeaf: user.awardLeaf,
    drawTotal: run.drawTotal,
    drawOffset: run.drawOffset,
    weightBefore,
    countBefore,
  });
  return {
    statement: text(statement),
    ...formulaCircuitInput(run.formula),
    carried_in: text(run.carriedIn),
    total: text(run.total),
    beacon: text(run.beacon),
    draw_total: text(run.drawTotal),
    draw_offset: text(run.drawOffset),
    weight_before: text(weightBefore),
    count_before: text(countBefore),
    user_tag: text(user.tag),
    features: FEATURE_NAMES.map((name) => text(user.features[name])),
    salt: text(user.salt),
    quotient: text(quantiseScore(user.score, run.formula.noise.k).quotient),
    coin_low: text(coins.low),
    coin_high: text(coins.high),
    noisy: text(user.noisyScore),
    award: text(user.award),
    entries: text(user.entries),
    draw_count: text(user.drawCount),
    path_bits: path.bits.map(text),
    siblings: path.siblings.map(text),
  };
}
