import { createPoseidon, userIdToField, type PoseidonHasher } from '../../../pipeline/commitments/index.js';
import { buildTree } from '../../../pipeline/commitments/merkle/index.js';
import { batchStatement, formulaCircuitInput } from '../../../pipeline/proving/prove/index.js';
import {
  allocateAwards,
  coinCount,
  FEATURE_NAMES,
  formulaPoseidonHash,
  loadFormula,
  noisyScore,
  parseFormula,
  publishedFormulaPath,
  scoreOf,
  type FeatureName,
  type Formula,
} from '../../../pipeline/scoring/index.js';

/**
 * A small scored period built with the REAL pipeline code (scoring and commitments), and the
 * batch-award circuit input of each of its batches: what the prover would hand the witness
 * generator.
 */

export interface TestUser {
  userId: string;
  features: Record<FeatureName, bigint>;
  salt: bigint;
}

export interface ScoredUser extends TestUser {
  tag: bigint;
  score: bigint;
  coins: number;
  noisy: bigint;
  award: bigint;
  dataLeaf: bigint;
  awardLeaf: bigint;
}

export interface TestPeriod {
  hasher: PoseidonHasher;
  formula: Formula;
  formulaHash: bigint;
  beacon: bigint;
  /** Users in tag order (the commit stage's order). */
  users: ScoredUser[];
  total: bigint;
  batches: number;
  /** The remainder carried in from the previous period: the run's pool is formula.pool + carriedIn. */
  carriedIn: bigint;
}

/** The published formula.json, with the noise size and batch size of a test circuit. */
export async function testFormula(n: number, batchSize: number): Promise<Formula> {
  const { canonicalJson } = await loadFormula(publishedFormulaPath());
  const json = JSON.parse(canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = n;
  json.batch_size = batchSize;
  return parseFormula(json, `formula.json with noise.n = ${n}, batch_size = ${batchSize}`);
}

export async function scorePeriod(
  formula: Formula,
  pepper: bigint,
  beacon: bigint,
  users: readonly TestUser[],
  carriedIn = 0n,
): Promise<TestPeriod> {
  const hasher = await createPoseidon();
  const tagged = users
    .map((user) => ({ ...user, tag: hasher.hash([userIdToField(user.userId), pepper]) }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const scores = tagged.map((user) => scoreOf(formula, user.features));
  const coins = tagged.map((user) => coinCount(hasher, beacon, user.salt, formula.noise.n));
  const noisy = scores.map((score, i) => noisyScore(formula, score, coins[i] as number));
  const { total, awards } = allocateAwards(formula.pool + carriedIn, noisy);
  const scored = tagged.map((user, i): ScoredUser => {
    const award = awards[i] as bigint;
    return {
      ...user,
      score: scores[i] as bigint,
      coins: coins[i] as number,
      noisy: noisy[i] as bigint,
      award,
      dataLeaf: hasher.hash([user.tag, ...FEATURE_NAMES.map((name) => user.features[name]), user.salt]),
      awardLeaf: hasher.hash([user.tag, noisy[i] as bigint, award]),
    };
  });
  return {
    hasher,
    formula,
    formulaHash: formulaPoseidonHash(hasher, formula),
    beacon,
    users: scored,
    total,
    batches: Math.ceil(scored.length / formula.batch_size),
    carriedIn,
  };
}

/** The users of one batch (undefined for padding slots). */
export function batchUsers(period: TestPeriod, batchIndex: number): (ScoredUser | undefined)[] {
  const size = period.formula.batch_size;
  return Array.from({ length: size }, (_, slot) => period.users[batchIndex * size + slot]);
}

/** The public statement of a batch, from the leaves, noisy scores and awards given. */
export function statementOf(
  period: TestPeriod,
  batchIndex: number,
  slots: readonly { dataLeaf: bigint; awardLeaf: bigint; noisy: bigint; award: bigint }[],
  total: bigint = period.total,
): bigint {
  const { hasher, formula } = period;
  const dataRoot = buildTree(hasher, slots.map((s) => s.dataLeaf)).root;
  const awardRoot = buildTree(hasher, slots.map((s) => s.awardLeaf)).root;
  const noisySum = slots.reduce((sum, s) => sum + s.noisy, 0n);
  const awardSum = slots.reduce((sum, s) => sum + s.award, 0n);
  return batchStatement(hasher, {
    formulaHash: period.formulaHash,
    runPool: formula.pool + period.carriedIn,
    total,
    beacon: period.beacon,
    batchIndex,
    dataRoot,
    awardRoot,
    noisySum,
    awardSum,
  });
}

const ZERO_SLOT = { dataLeaf: 0n, awardLeaf: 0n, noisy: 0n, award: 0n };

/** The honest statement of a batch: zero leaves, noisy score and award for padding slots. */
export function honestStatement(period: TestPeriod, batchIndex: number): bigint {
  return statementOf(period, batchIndex, batchUsers(period, batchIndex).map((user) => user ?? ZERO_SLOT));
}

export type CircuitInput = Record<string, string | string[] | string[][]>;

/** The witness generator's input for one batch (all numbers as decimal strings). */
export function batchInput(period: TestPeriod, batchIndex: number): CircuitInput {
  const { formula } = period;
  const users = batchUsers(period, batchIndex);
  const text = (value: bigint | number): string => value.toString();
  return {
    statement: text(honestStatement(period, batchIndex)),
    ...formulaCircuitInput(formula),
    carried_in: text(period.carriedIn),
    total: text(period.total),
    beacon: text(period.beacon),
    batch_index: text(batchIndex),
    is_real: users.map((user) => (user ? '1' : '0')),
    user_tag: users.map((user) => text(user?.tag ?? 0n)),
    features: users.map((user) => FEATURE_NAMES.map((name) => text(user?.features[name] ?? 0n))),
    salt: users.map((user) => text(user?.salt ?? 0n)),
    award: users.map((user) => text(user?.award ?? 0n)),
  };
}
