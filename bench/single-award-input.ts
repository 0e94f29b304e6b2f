import type { PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { formulaCircuitInput, type BatchCircuitInput } from '../pipeline/proving/prove/index.js';
import { coinHash, FEATURE_NAMES, quantiseScore, splitCoinHash, type FeatureName, type Formula } from '../pipeline/scoring/index.js';
import type { BinaryPath } from './sparse-binary-tree.js';

/** The run values the baseline proof needs (the same as a batch proof's, minus the batch). */
export interface SingleAwardRun {
  formula: Formula;
  /** formulaPoseidonHash of the formula. */
  formulaHash: bigint;
  carriedIn: bigint;
  /** S, the sum of all noisy scores of the run. */
  total: bigint;
  beacon: bigint;
}

/** One scored user, as the pipeline stored it (RunUser and the circuit tests' ScoredUser both fit). */
export interface SingleAwardUser {
  tag: bigint;
  features: Record<FeatureName, bigint>;
  salt: bigint;
  score: bigint;
  noisyScore: bigint;
  award: bigint;
  awardLeaf: bigint;
}

/** The public statement of bench/circuits/single-award.circom: Poseidon of its 7 values, in the circuit's order. */
export function singleAwardStatement(
  hasher: PoseidonHasher,
  v: { formulaHash: bigint; runPool: bigint; total: bigint; beacon: bigint; dataRoot: bigint; leafIndex: number; awardLeaf: bigint },
): bigint {
  return hasher.hash([v.formulaHash, v.runPool, v.total, v.beacon, v.dataRoot, BigInt(v.leafIndex), v.awardLeaf]);
}

/**
 * The witness generator's input of SingleAward(DEPTH, N_COINS) for one owner whose data leaf is
 * at `path.index` of the binary tree with root `dataRoot` (the formula's own pool, as in
 * batchCircuitInput: the run's pool is pool + carried_in).
 */
export function singleAwardInput(hasher: PoseidonHasher, run: SingleAwardRun, user: SingleAwardUser, dataRoot: bigint, path: BinaryPath): BatchCircuitInput {
  const text = (value: bigint | number): string => value.toString();
  const coins = splitCoinHash(coinHash(hasher, run.beacon, user.salt));
  const statement = singleAwardStatement(hasher, {
    formulaHash: run.formulaHash,
    runPool: run.formula.pool + run.carriedIn,
    total: run.total,
    beacon: run.beacon,
    dataRoot,
    leafIndex: path.index,
    awardLeaf: user.awardLeaf,
  });
  return {
    statement: text(statement),
    ...formulaCircuitInput(run.formula),
    carried_in: text(run.carriedIn),
    total: text(run.total),
    beacon: text(run.beacon),
    user_tag: text(user.tag),
    features: FEATURE_NAMES.map((name) => text(user.features[name])),
    salt: text(user.salt),
    quotient: text(quantiseScore(user.score, run.formula.noise.k).quotient),
    coin_low: text(coins.low),
    coin_high: text(coins.high),
    noisy: text(user.noisyScore),
    award: text(user.award),
    path_bits: path.bits.map(text),
    siblings: path.siblings.map(text),
  };
}
