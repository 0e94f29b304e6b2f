import { createHash } from 'node:crypto';
import {
  awardLeafRow,
  BN254_FIELD_MODULUS,
  createPoseidon,
  dataLeafRow,
  fieldToHex,
  userIdToField,
  type PoseidonHasher,
} from '../../../pipeline/commitments/index.js';
import { popcount32 } from '../../../pipeline/commitments/hash-pool/index.js';
import { buildTree, padToPowerOfTwo } from '../../../pipeline/commitments/merkle/index.js';
import { TOP_TREE_ARITY } from '../../../pipeline/commitments/run-tree-shape.js';
import { batchCircuitInput, batchStatement, formulaCircuitInput, type BatchCircuitInput } from '../../../pipeline/proving/prove/index.js';
import type { RunSnapshot, RunUser } from '../../../pipeline/publishing/run-snapshot.js';
import {
  allocateAwards,
  coinCount,
  coinHash,
  COIN_HASH_HIGH_LIMIT,
  FEATURE_BITS,
  FEATURE_NAMES,
  formulaPoseidonHash,
  loadFormula,
  noisyScore,
  parseFormula,
  POOL_BITS,
  publishedFormulaPath,
  quantiseScore,
  scoreOf,
  splitCoinHash,
  type FeatureName,
  type Formula,
} from '../../../pipeline/scoring/index.js';

/**
 * The batch-award circuit's inputs, built with the REAL pipeline code.
 *
 * - testPeriod(): a small scored period (tags, salts, data leaves, scores, coins, noisy scores,
 *   awards, award leaves, batch roots) as commitPeriod and scoreRun compute it, held as the
 *   RunSnapshot the prover reads; honestBatchInput() is then the production input builder,
 *   batchCircuitInput, on it.
 * - batchClaim(): what a prover writes for one batch, recomputed step by step from the
 *   period's committed data with the same production functions, where a Cheat may replace any
 *   value the prover supplies (formula numbers, carried_in, S, and per slot is_real, features,
 *   q, the coin-hash halves, noisy, award, the slot order). Everything downstream of a replaced
 *   value is recomputed: a changed noisy score changes S for the whole period, hence every
 *   award, the award leaves, the batch sums and the statement. Without a cheat it reproduces
 *   batchCircuitInput exactly (the circuit tests check that).
 */

const P = BN254_FIELD_MODULUS;
const mod = (value: bigint): bigint => ((value % P) + P) % P;

/** The test instance: circuits/instances/batch-award-v2-b2-n128.circom. */
export const TEST_BATCH_SIZE = 2;
export const TEST_COINS = 128;

const TEST_PEPPER = 0x1d2c3b4a5968778695a4b3c2d1e0f0e1d2c3b4a5968778695a4b3c2d1e0fn;
const TEST_BEACON = 0x5eed0fbeac02n;
/** The remainder of the previous period: the run's pool is the formula's pool plus this. */
const TEST_CARRIED_IN = 7n;

type FeatureRecord = Record<FeatureName, bigint>;

function featureRecord(values: readonly (bigint | number)[]): FeatureRecord {
  if (values.length !== FEATURE_NAMES.length) throw new Error(`${values.length} feature values for ${FEATURE_NAMES.length} features`);
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, BigInt(values[i] as bigint | number)])) as FeatureRecord;
}

/** A salt from a label, 31 bytes like randomFieldElement: the fixture is the same on every run. */
function derivedSalt(label: string, attempt: number): bigint {
  return BigInt(`0x${createHash('sha256').update(`stones circuit test salt:${label}:${attempt}`).digest('hex').slice(0, 62)}`);
}

/**
 * One owner of the fixture, by its place in tag order (the commit stage sorts owners by tag):
 * its features and what its coin hash must allow. The salt is the first derivedSalt(role, i)
 * whose coin hash Poseidon(beacon, salt) meets `coins` (every salt must give a provable hash).
 */
export interface OwnerProfile {
  role: string;
  features: FeatureRecord;
  coins: (hash: bigint, ones: number) => boolean;
}

/**
 * h + p < 2^254: the alias h + p splits into a low part and a high part below 2^126, so only
 * the canonical check refuses it (the coin_canonical forgery).
 */
export const aliasFits = (hash: bigint): boolean => hash + P < 1n << 254n;

/**
 * A "negative" coin_high -c (c >= 1) has a matching low part h + c 2^128 - p below 2^128 when
 * h is within c 2^128 of p, and P_HIGH - 1 - (-c) still fits 126 bits when c < 2^126 - P_HIGH + 1:
 * only the coin_high_low check refuses it (the coin_high_low forgery).
 */
export function negativeHighSplit(hash: bigint): { low: bigint; high: bigint } | undefined {
  const c = (P - hash + (1n << 128n) - 1n) >> 128n; // ceil((p - h) / 2^128)
  if (c < 1n || c >= (1n << 126n) - COIN_HASH_HIGH_LIMIT + 1n) return undefined;
  return { low: hash + (c << 128n) - P, high: P - c };
}

/**
 * The fixture, in tag order, so B = 2 gives the batches [0, 1], [2, 3], [4, padding]:
 * - 0 is above four caps (trips, km, adas_km, tenure) and below the active_days cap with trips
 *   left to borrow from (the feature_range forgery); its coin hash has an alias below 2^254;
 * - 1 has a coin hash close below p (a negative coin_high has a matching low part);
 * - 2 is exactly at every cap; 3 is an ordinary owner;
 * - 4 has a zero noisy score (q = 0 and at most n/2 ones), alone with the padding slot.
 */
const OWNER_PROFILES: readonly OwnerProfile[] = [
  { role: 'above caps', features: featureRecord([22, 150, 1800, 340, 90, 4, 400]), coins: (hash) => aliasFits(hash) },
  { role: 'hash near p', features: featureRecord([9, 30, 410, 0, 55, 2, 45]), coins: (hash) => negativeHighSplit(hash) !== undefined },
  { role: 'at caps', features: featureRecord([31, 100, 1000, 200, 200, 5, 90]), coins: () => true },
  { role: 'ordinary', features: featureRecord([15, 40, 600, 120, 30, 3, 200]), coins: () => true },
  { role: 'zero noisy', features: featureRecord([0, 0, 0, 0, 0, 0, 3]), coins: (_hash, ones) => ones <= TEST_COINS / 2 },
];

const OWNER_IDS: readonly string[] = ['owner-0001', 'owner-0002', 'owner-0003', 'owner-0004', 'owner-0005'];

/** The published formula.json with the test instance's batch size (and noise size), in memory. */
async function testFormula(batchSize = TEST_BATCH_SIZE, coins = TEST_COINS): Promise<Formula> {
  const json = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = coins;
  json.batch_size = batchSize;
  return parseFormula(json, `formula.json with noise.n = ${coins}, batch_size = ${batchSize}`);
}

export interface TestPeriod {
  hasher: PoseidonHasher;
  formula: Formula;
  formulaHash: bigint;
  beacon: bigint;
  carriedIn: bigint;
  /** What the prover reads: users in batch and leaf order, the batch roots, the run's S. */
  snapshot: RunSnapshot;
  /** Each owner's role (OWNER_PROFILES), by user id. */
  roles: Map<string, string>;
}

/** The production input builder (batchCircuitInput) on the period's snapshot. */
export function honestBatchInput(period: TestPeriod, batch: number): BatchCircuitInput {
  return batchCircuitInput(period.hasher, period.snapshot, period.formula, batch);
}

/** The user at (batch, slot), undefined for a padding slot. */
export function userAt(period: TestPeriod, batch: number, slot: number): RunUser | undefined {
  return period.snapshot.users.find((user) => user.batch === batch && user.leafIndex === slot);
}

/**
 * Commits and scores the fixture as the pipeline does (commitPeriod, then scoreRun):
 * tag = Poseidon(userIdToField(id), pepper), owners sorted by tag, data leaf =
 * Poseidon(dataLeafRow), batch trees over the leaves padded with zeros, scoreOf, coinCount,
 * noisyScore, allocateAwards over the run's pool, award leaf = Poseidon(awardLeafRow).
 */
export async function testPeriod(
  options: { formula?: Formula; pepper?: bigint; beacon?: bigint; carriedIn?: bigint; ids?: readonly string[]; profiles?: readonly OwnerProfile[] } = {},
): Promise<TestPeriod> {
  const hasher = await createPoseidon();
  const formula = options.formula ?? (await testFormula());
  const pepper = options.pepper ?? TEST_PEPPER;
  const beacon = options.beacon ?? TEST_BEACON;
  const carriedIn = options.carriedIn ?? TEST_CARRIED_IN;
  const profiles = options.profiles ?? OWNER_PROFILES;
  const ids = options.ids ?? OWNER_IDS;
  if (ids.length !== profiles.length) throw new Error(`${ids.length} ids for ${profiles.length} profiles`);
  const batchSize = formula.batch_size;
  const n = formula.noise.n;

  // Tags first: the commit stage's order decides which profile each id gets.
  const tagged = ids
    .map((userId) => ({ userId, tag: hasher.hash([userIdToField(userId), pepper]) }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const owners = tagged.map(({ userId, tag }, i) => {
    const profile = profiles[i] as OwnerProfile;
    return { userId, tag, role: profile.role, features: profile.features, salt: saltFor(hasher, beacon, profile, n) };
  });

  const scores = owners.map((owner) => scoreOf(formula, owner.features));
  const coins = owners.map((owner) => coinCount(hasher, beacon, owner.salt, n));
  const noisy = scores.map((score, i) => noisyScore(formula, score, coins[i] as number));
  const runPool = formula.pool + carriedIn;
  const { total, awards, remainder } = allocateAwards(runPool, noisy);
  const users = owners.map((owner, i): RunUser => {
    const features = FEATURE_NAMES.map((name) => owner.features[name]);
    return {
      userId: owner.userId,
      tag: owner.tag,
      salt: owner.salt,
      batch: Math.floor(i / batchSize),
      leafIndex: i % batchSize,
      features: owner.features,
      score: scores[i] as bigint,
      coins: coins[i] as number,
      noisyScore: noisy[i] as bigint,
      award: awards[i] as bigint,
      dataLeaf: hasher.hash(dataLeafRow(owner.tag, features, owner.salt)),
      awardLeaf: hasher.hash(awardLeafRow(owner.tag, noisy[i] as bigint, awards[i] as bigint)),
    };
  });
  const batches = Math.max(1, Math.ceil(users.length / batchSize));
  const batchRootsOf = (leafOf: (user: RunUser) => bigint): bigint[] =>
    Array.from({ length: batches }, (_, b) => {
      const leaves = Array.from({ length: batchSize }, (_, slot) => {
        const user = users[b * batchSize + slot];
        return user ? leafOf(user) : 0n;
      });
      return buildTree(hasher, leaves).root;
    });
  const batchRoots = { data: batchRootsOf((u) => u.dataLeaf), award: batchRootsOf((u) => u.awardLeaf) };
  const topRoot = (roots: bigint[]): bigint => buildTree(hasher, padToPowerOfTwo([...roots]), TOP_TREE_ARITY).root;
  const formulaHash = formulaPoseidonHash(hasher, formula);
  const snapshot: RunSnapshot = {
    run: {
      runId: 'circuit-test-run',
      period: '2025-01',
      timeZone: 'UTC',
      status: 'scored',
      formulaId: formula.id,
      formulaVersion: formula.version,
      formulaSha256: '',
      formulaPoseidon: fieldToHex(formulaHash),
      pool: runPool,
      carriedIn,
      previousRunId: null,
      batchSize,
      users: users.length,
      batches,
      dataRoot: fieldToHex(topRoot(batchRoots.data)),
      dataRootRecordedAt: '2025-02-04T00:00:00.000Z',
      beacon: fieldToHex(beacon),
      beaconRecordedAt: '2025-02-04T00:01:00.000Z',
      demoBeacon: true,
      awardRoot: fieldToHex(topRoot(batchRoots.award)),
      totalNoisy: total,
      remainder,
    },
    users,
    batchRoots,
  };
  return { hasher, formula, formulaHash, beacon, carriedIn, snapshot, roles: new Map(owners.map((o) => [o.userId, o.role])) };
}

function saltFor(hasher: PoseidonHasher, beacon: bigint, profile: OwnerProfile, n: number): bigint {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const salt = derivedSalt(profile.role, attempt);
    const hash = coinHash(hasher, beacon, salt);
    if (hash >> 128n >= COIN_HASH_HIGH_LIMIT) continue; // no proof exists for it (splitCoinHash)
    if (profile.coins(hash, onesAmong(hash, n))) return salt;
  }
  throw new Error(`no salt for the owner "${profile.role}" in 1000 attempts`);
}

/** C as the circuit counts it: the ones among the low n bits of the coin hash's low part. */
function onesAmong(low: bigint, n: number): number {
  const bits = low & ((1n << BigInt(n)) - 1n);
  let ones = 0;
  for (let shift = 0n; shift < BigInt(n); shift += 32n) ones += popcount32(Number((bits >> shift) & 0xffffffffn));
  return ones;
}

// ---------------------------------------------------------------------------------------------
// A batch as a prover writes it, honest or not.

/** Where a slot is: its batch and its place in the batch. */
export interface SlotRef {
  batch: number;
  slot: number;
  /** The owner committed there (undefined: a padding slot). */
  user: RunUser | undefined;
}

/**
 * The values a dishonest prover replaces. Each hook gets the honest (recomputed) value and
 * returns the claimed one; everything computed from it afterwards is recomputed.
 */
export interface Cheat {
  /** The batch proven (default 0). */
  batch?: number;
  /** The formula numbers (hashed into the statement and used by the circuit). */
  formula?: (formula: Formula) => Formula;
  carriedIn?: (carriedIn: bigint) => bigint;
  isReal?: (isReal: bigint, at: SlotRef) => bigint;
  /** The features the circuit is given (the data leaf is recomputed from their packing). */
  features?: (features: bigint[], at: SlotRef) => bigint[];
  quotient?: (quotient: bigint, at: SlotRef) => bigint;
  coins?: (split: { hash: bigint; low: bigint; high: bigint }, at: SlotRef) => { low: bigint; high: bigint };
  noisy?: (noisy: bigint, at: SlotRef) => bigint;
  /** S, after the period's noisy scores are summed. */
  total?: (total: bigint) => bigint;
  award?: (award: bigint, at: SlotRef & { noisy: bigint; total: bigint; runPool: bigint }) => bigint;
  /** The order of the proven batch's slots. */
  slots?: (slots: SlotClaim[]) => SlotClaim[];
  /** The public statement, replaced after the circuit computed it (forge-witness.ts). */
  statement?: (statement: bigint) => bigint;
}

/** A cheat hook for one slot only: `at(0, 1, (q) => q + 1n)`. */
export function at<T, U, R extends SlotRef>(batch: number, slot: number, change: (value: T, ref: R) => U): (value: T, ref: R) => T | U {
  return (value, ref) => (ref.batch === batch && ref.slot === slot ? change(value, ref) : value);
}

/** One slot as the circuit takes it (field elements, reduced mod p). */
interface SlotClaim {
  ref: SlotRef;
  isReal: bigint;
  tag: bigint;
  features: bigint[];
  salt: bigint;
  /** What the circuit's score is: sum weight * min(feature, cap). */
  score: bigint;
  quotient: bigint;
  coinLow: bigint;
  coinHigh: bigint;
  /** C, the ones among the low n bits of coinLow. */
  coins: number;
  noisy: bigint;
  award: bigint;
  dataLeaf: bigint;
  awardLeaf: bigint;
}

export interface BatchClaim {
  batch: number;
  formula: Formula;
  formulaHash: bigint;
  carriedIn: bigint;
  runPool: bigint;
  total: bigint;
  beacon: bigint;
  /** The proven batch's slots, in the claimed order. */
  slots: SlotClaim[];
  /** Every slot of the period, batch by batch (S is their sum of noisy scores). */
  period: SlotClaim[];
  dataRoot: bigint;
  awardRoot: bigint;
  noisySum: bigint;
  awardSum: bigint;
  /** batchStatement of the values above (the circuit's computed_statement). */
  statement: bigint;
  /** The circuit input, statement included. */
  input: BatchCircuitInput;
}

/**
 * The batch a prover would write, recomputed from the period's committed data (tags, features,
 * salts) with the production functions, a cheat applied. `coinsPerOwner` is the instance's
 * N_COINS (the circuit counts that many coins whatever n the formula claims).
 */
export function batchClaim(period: TestPeriod, cheat: Cheat = {}, coinsPerOwner = TEST_COINS): BatchClaim {
  const { hasher, snapshot } = period;
  const batch = cheat.batch ?? 0;
  const formula = cheat.formula?.(period.formula) ?? period.formula;
  const k = BigInt(formula.noise.k);
  const noise = { ...formula, noise: { ...formula.noise, n: coinsPerOwner } };
  const carriedIn = mod(cheat.carriedIn?.(period.carriedIn) ?? period.carriedIn);
  const runPool = mod(formula.pool + carriedIn);
  const batchSize = period.formula.batch_size;

  const all: SlotClaim[] = [];
  for (let b = 0; b < snapshot.run.batches; b++) {
    for (let slot = 0; slot < batchSize; slot++) {
      const user = userAt(period, b, slot);
      const ref: SlotRef = { batch: b, slot, user };
      const isReal = mod(cheat.isReal?.(user ? 1n : 0n, ref) ?? (user ? 1n : 0n));
      const honestFeatures = FEATURE_NAMES.map((name) => user?.features[name] ?? 0n);
      const features = cheat.features?.(honestFeatures, ref) ?? honestFeatures;
      // scoreOf over min(feature, cap): the same score, and it lets a forged feature of 16 bits
      // or more through, whose min() the circuit computes as well.
      const capped = features.map((value, i) => {
        const cap = BigInt(formula.features[FEATURE_NAMES[i] as FeatureName].cap);
        return value < cap ? value : cap;
      });
      const score = scoreOf(formula, featureRecord(capped));
      const { quotient: honestQuotient } = quantiseScore(score, k);
      const quotient = cheat.quotient?.(honestQuotient, ref) ?? honestQuotient;
      const split = splitCoinHash(coinHash(hasher, period.beacon, user?.salt ?? 0n));
      const { low, high } = cheat.coins?.(split, ref) ?? split;
      const coins = onesAmong(low, coinsPerOwner);
      // noisyScore(k q) = k * max(0, q + C - n/2): the lattice point of the claimed q.
      const lattice = isReal * noisyScore(noise, k * quotient, coins);
      const noisy = cheat.noisy?.(lattice, ref) ?? lattice;
      all.push({
        ref,
        isReal,
        tag: user?.tag ?? 0n,
        features,
        salt: user?.salt ?? 0n,
        score,
        quotient: mod(quotient),
        coinLow: mod(low),
        coinHigh: mod(high),
        coins,
        noisy: mod(noisy),
        award: 0n,
        dataLeaf: 0n,
        awardLeaf: 0n,
      });
    }
  }

  const sum = all.reduce((s, slot) => s + slot.noisy, 0n);
  const total = mod(cheat.total?.(sum) ?? sum);
  const awards = awardsOf(
    runPool,
    all.map((slot) => slot.noisy),
    total,
    sum,
  );
  all.forEach((slot, i) => {
    const award = mod(cheat.award?.(awards[i] as bigint, { ...slot.ref, noisy: slot.noisy, total, runPool }) ?? (awards[i] as bigint));
    slot.award = award;
    slot.dataLeaf = mod(slot.isReal * hasher.hash(dataLeafRow(slot.tag, canonicalFeatures(slot.features), slot.salt)));
    slot.awardLeaf = mod(slot.isReal * hasher.hash(awardLeafRow(slot.tag, slot.noisy, award)));
  });

  const inBatch = all.filter((slot) => slot.ref.batch === batch);
  const slots = cheat.slots?.(inBatch) ?? inBatch;
  const formulaHash = formulaPoseidonHash(hasher, formula);
  const dataRoot = buildTree(
    hasher,
    slots.map((s) => s.dataLeaf),
  ).root;
  const awardRoot = buildTree(
    hasher,
    slots.map((s) => s.awardLeaf),
  ).root;
  const noisySum = mod(slots.reduce((s, slot) => s + slot.noisy, 0n));
  const awardSum = mod(slots.reduce((s, slot) => s + slot.award, 0n));
  const statement = batchStatement(hasher, { formulaHash, runPool, total, beacon: period.beacon, batchIndex: batch, dataRoot, awardRoot, noisySum, awardSum });
  const text = (value: bigint): string => mod(value).toString();
  const input: BatchCircuitInput = {
    statement: text(statement),
    ...formulaCircuitInput(formula),
    carried_in: text(carriedIn),
    total: text(total),
    beacon: text(period.beacon),
    batch_index: text(BigInt(batch)),
    is_real: slots.map((s) => text(s.isReal)),
    user_tag: slots.map((s) => text(s.tag)),
    features: slots.map((s) => s.features.map(text)),
    salt: slots.map((s) => text(s.salt)),
    quotient: slots.map((s) => text(s.quotient)),
    coin_low: slots.map((s) => text(s.coinLow)),
    coin_high: slots.map((s) => text(s.coinHigh)),
    noisy: slots.map((s) => text(s.noisy)),
    award: slots.map((s) => text(s.award)),
  };
  return {
    batch,
    formula,
    formulaHash,
    carriedIn,
    runPool,
    total,
    beacon: period.beacon,
    slots,
    period: all,
    dataRoot,
    awardRoot,
    noisySum,
    awardSum,
    statement,
    input,
  };
}

/**
 * allocateAwards over the run's pool when S is the sum of the noisy scores and the pool fits
 * 64 bits; a forger claiming another S (or a pool allocateAwards refuses) computes the same
 * floor(pool * noisy / S) by hand.
 */
function awardsOf(runPool: bigint, noisy: readonly bigint[], total: bigint, sum: bigint): bigint[] {
  if (total === sum && runPool < 1n << BigInt(POOL_BITS)) return allocateAwards(runPool, noisy).awards;
  return noisy.map((value) => (total === 0n ? 0n : (runPool * value) / total));
}

/**
 * The 16-bit features whose packing (packFeatures) equals sum feature_i * 2^(16 i) of the
 * claimed ones: the same number, so dataLeafRow gives the leaf the circuit hashes even for a
 * claimed feature of 16 bits or more.
 */
function canonicalFeatures(features: readonly bigint[]): bigint[] {
  const packed = features.reduce((sum, value, i) => sum + value * (1n << BigInt(FEATURE_BITS * i)), 0n);
  const mask = (1n << BigInt(FEATURE_BITS)) - 1n;
  const digits = features.map((_, i) => (packed >> BigInt(FEATURE_BITS * i)) & mask);
  if (packed >> BigInt(FEATURE_BITS * features.length) !== 0n) throw new Error('claimed features pack to more than 112 bits');
  return digits;
}
