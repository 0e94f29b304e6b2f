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
import { ENTRY_BITS } from '../../../pipeline/scoring/circuit-bit-widths.js';
import {
  type DrawBatch,
  type DrawOutcome,
  type DrawParameters,
  drawBatches,
  drawCount,
  drawEntries,
  drawOffset,
  drawOutcomes,
  drawRandom,
} from '../../../pipeline/draw/index.js';
import { batchCircuitInput, batchStatement, formulaCircuitInput, type BatchCircuitInput } from '../../../pipeline/proving/prove/index.js';
import type { RunSnapshot, RunUser } from '../../../pipeline/publishing/run-snapshot.js';
import {
  allocateAwards,
  coinCount,
  coinHash,
  COIN_HASH_HIGH_LIMIT,
  FEATURE_BITS,
  FEATURE_NAMES,
  formulaDrawOf,
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
 *   value the prover supplies (formula numbers, carried_in, S, the draw's W, U, start and start
 *   count, and per slot is_real, features, entries, q, the coin-hash halves, noisy, award, the
 *   draw count c, the slot order). Everything downstream of a replaced value is recomputed: a
 *   changed noisy score changes S and W for the whole period, hence every award, U, every draw
 *   count and win, the award leaves, the batch sums and the statement. Without a cheat it
 *   reproduces batchCircuitInput exactly (the circuit tests check that).
 */

const P = BN254_FIELD_MODULUS;
const mod = (value: bigint): bigint => ((value % P) + P) % P;

/** The test instance: circuits/instances/batch-award-v3-b2-n128.circom. */
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
  /** Draw entries (the crystals spent buy exactly these: entries * crystals_per_entry). */
  entries: number;
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
 * The draw (D = 3 stones, TEST_DRAW): 0 holds the most entries and more than W / D of the
 * weight (it wins 2); 1 spent nothing (no entries, weight 0); 2 and 3 are entrants, one a
 * winner, one not; 4 has entries but weight 0 (a zero noisy score).
 */
const OWNER_PROFILES: readonly OwnerProfile[] = [
  { role: 'above caps', features: featureRecord([22, 150, 1800, 340, 90, 4, 400]), entries: 20, coins: (hash) => aliasFits(hash) },
  { role: 'hash near p', features: featureRecord([9, 30, 410, 0, 55, 2, 45]), entries: 0, coins: (hash) => negativeHighSplit(hash) !== undefined },
  { role: 'at caps', features: featureRecord([31, 100, 1000, 200, 200, 5, 90]), entries: 6, coins: () => true },
  { role: 'ordinary', features: featureRecord([15, 40, 600, 120, 30, 3, 200]), entries: 1, coins: () => true },
  { role: 'zero noisy', features: featureRecord([0, 0, 0, 0, 0, 0, 3]), entries: 5, coins: (_hash, ones) => ones <= TEST_COINS / 2 },
];

/** The fixture's profiles with no entries at all: a period whose draw has W = 0. */
export const NO_ENTRY_PROFILES: readonly OwnerProfile[] = OWNER_PROFILES.map((profile) => ({ ...profile, entries: 0 }));

/** The fixture formula's draw: 3 stones, 25 crystals an entry, at most 20 entries. */
export const TEST_DRAW = { stones: 3, crystals_per_entry: 25, max_entries: 20 } as const;

const OWNER_IDS: readonly string[] = ['owner-0001', 'owner-0002', 'owner-0003', 'owner-0004', 'owner-0005'];

/** The published formula.json with the test instance's batch size (and noise size) and TEST_DRAW, in memory. */
async function testFormula(batchSize = TEST_BATCH_SIZE, coins = TEST_COINS): Promise<Formula> {
  const json = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as { noise: { n: number }; batch_size: number; draw?: unknown };
  json.noise.n = coins;
  json.batch_size = batchSize;
  json.draw = { ...TEST_DRAW };
  return parseFormula(json, `formula.json with noise.n = ${coins}, batch_size = ${batchSize}, draw = ${JSON.stringify(TEST_DRAW)}`);
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
 * tag = Poseidon(userIdToField(id), pepper), owners sorted by tag, entries = drawEntries of the
 * crystals spent, data leaf = Poseidon(dataLeafRow), batch trees over the leaves padded with
 * zeros, scoreOf, coinCount, noisyScore, allocateAwards over the run's pool, the draw
 * (weights entries * noisy in committed order, U = drawOffset(drawRandom(beacon, period), W),
 * drawOutcomes), award leaf = Poseidon(awardLeafRow).
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
    // Crystals that buy exactly the profile's entries, plus a remainder below one entry's price.
    const draw = formulaDrawOf(formula);
    const crystalsSpent = BigInt(profile.entries * draw.crystals_per_entry) + (profile.entries > 0 ? BigInt(draw.crystals_per_entry - 1) : 0n);
    const entries = drawEntries(draw, crystalsSpent);
    if (entries !== BigInt(profile.entries))
      throw new Error(`the owner "${profile.role}": ${crystalsSpent} crystals buy ${entries} entries, not ${profile.entries}`);
    return { userId, tag, role: profile.role, features: profile.features, salt: saltFor(hasher, beacon, profile, n), crystalsSpent, entries };
  });

  const scores = owners.map((owner) => scoreOf(formula, owner.features));
  const coins = owners.map((owner) => coinCount(hasher, beacon, owner.salt, n));
  const noisy = scores.map((score, i) => noisyScore(formula, score, coins[i] as number));
  const runPool = formula.pool + carriedIn;
  const { total, awards, remainder } = allocateAwards(runPool, noisy);
  const runPeriod = '2025-01';
  const weights = owners.map((owner, i) => owner.entries * (noisy[i] as bigint));
  const drawTotal = weights.reduce((sum, w) => sum + w, 0n);
  const offset = drawOffset(drawRandom(hasher, beacon, runPeriod), drawTotal);
  const draw = drawOutcomes({ stones: BigInt(formulaDrawOf(formula).stones), offset }, weights);
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
      crystalsSpent: owner.crystalsSpent,
      entries: owner.entries,
      drawCount: (draw.outcomes[i] as DrawOutcome).count,
      drawWins: (draw.outcomes[i] as DrawOutcome).wins,
      dataLeaf: hasher.hash(dataLeafRow(owner.tag, features, owner.salt, owner.entries)),
      awardLeaf: hasher.hash(awardLeafRow(owner.tag, noisy[i] as bigint, awards[i] as bigint, (draw.outcomes[i] as DrawOutcome).wins)),
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
      period: runPeriod,
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
      beaconDrand: null,
      dataRootAnchor: null,
      awardRoot: fieldToHex(topRoot(batchRoots.award)),
      totalNoisy: total,
      remainder,
      drawTotal,
      drawOffset: offset,
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
  /** The formula numbers (hashed into the statement and used by the circuit; the draw's D and max_entries too). */
  formula?: (formula: Formula) => Formula;
  carriedIn?: (carriedIn: bigint) => bigint;
  isReal?: (isReal: bigint, at: SlotRef) => bigint;
  /** The features the circuit is given (the data leaf is recomputed from their packing). */
  features?: (features: bigint[], at: SlotRef) => bigint[];
  /** An owner's draw entries (the data leaf is recomputed from the packing, the weight entries * noisy, W, U and every count). */
  entries?: (entries: bigint, at: SlotRef) => bigint;
  quotient?: (quotient: bigint, at: SlotRef) => bigint;
  coins?: (split: { hash: bigint; low: bigint; high: bigint }, at: SlotRef) => { low: bigint; high: bigint };
  noisy?: (noisy: bigint, at: SlotRef) => bigint;
  /** S, after the period's noisy scores are summed. */
  total?: (total: bigint) => bigint;
  award?: (award: bigint, at: SlotRef & { noisy: bigint; total: bigint; runPool: bigint }) => bigint;
  /** W, after the period's draw weights are summed (U is then drawOffset of the claimed W, unless also cheated). */
  drawTotal?: (drawTotal: bigint) => bigint;
  /** U, after drawOffset(u, W) of the claimed W. */
  drawOffset?: (offset: bigint, draw: { total: bigint; random: bigint }) => bigint;
  /** draw_start: the cumulative draw weight before the proven batch. */
  drawStart?: (start: bigint) => bigint;
  /** draw_start_count: c at draw_start (the slots' counts are recomputed from their weights, not from it). */
  drawStartCount?: (count: bigint, draw: DrawParameters & { start: bigint }) => bigint;
  /** c at the end of a slot of the proven batch, in the claimed order (wins and award leaves recomputed). */
  drawCount?: (count: bigint, at: SlotRef & { draw: DrawParameters; weightAfter: bigint; slack: bigint }) => bigint;
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
  entries: bigint;
  /** The draw weight entries * noisy. */
  weight: bigint;
  /** The cumulative draw weight after the slot, c there, and the stones won (c minus the count before). */
  weightAfter: bigint;
  drawCount: bigint;
  wins: bigint;
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
  /** Every slot of the period, batch by batch (S is their sum of noisy scores, W of their weights). */
  period: SlotClaim[];
  dataRoot: bigint;
  awardRoot: bigint;
  noisySum: bigint;
  awardSum: bigint;
  /** The draw: D, W, U, the batch's start and end weights, c at the start, its wins and entries. */
  draw: DrawParameters;
  drawStart: bigint;
  drawEnd: bigint;
  drawStartCount: bigint;
  drawWins: bigint;
  entries: bigint;
  /** batchStatement of the values above (the circuit's computed_statement). */
  statement: bigint;
  /** The circuit input, statement included. */
  input: BatchCircuitInput;
}

/**
 * The batch a prover would write, recomputed from the period's committed data (tags, features,
 * entries, salts) with the production functions, a cheat applied. `coinsPerOwner` is the
 * instance's N_COINS (the circuit counts that many coins whatever n the formula claims).
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
      const entries = mod(cheat.entries?.(user?.entries ?? 0n, ref) ?? user?.entries ?? 0n);
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
      const noisy = mod(cheat.noisy?.(lattice, ref) ?? lattice);
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
        noisy,
        award: 0n,
        entries,
        weight: mod(entries * noisy),
        weightAfter: 0n,
        drawCount: 0n,
        wins: 0n,
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
    slot.award = mod(cheat.award?.(awards[i] as bigint, { ...slot.ref, noisy: slot.noisy, total, runPool }) ?? (awards[i] as bigint));
    slot.dataLeaf = mod(slot.isReal * dataLeafOf(hasher, slot));
  });

  // The draw, as scoreRun draws it: weights in committed order, U = drawOffset(u, W), the counts
  // of drawOutcomes (by hand where a claimed W or U leaves drawCount's domain).
  const weightSum = all.reduce((s, slot) => s + slot.weight, 0n);
  const drawTotal = mod(cheat.drawTotal?.(weightSum) ?? weightSum);
  const random = drawRandom(hasher, period.beacon, snapshot.run.period);
  const honestOffset = drawOffset(random, drawTotal);
  const draw: DrawParameters = {
    stones: BigInt(formulaDrawOf(formula).stones),
    total: drawTotal,
    offset: mod(cheat.drawOffset?.(honestOffset, { total: drawTotal, random }) ?? honestOffset),
  };
  const inDomain = drawTotal === weightSum && (drawTotal === 0n || draw.offset < drawTotal);
  const outcomes = inDomain
    ? drawOutcomes(
        draw,
        all.map((slot) => slot.weight),
      ).outcomes
    : undefined;
  let running = 0n;
  let countBefore = 0n;
  all.forEach((slot, i) => {
    running += slot.weight;
    slot.weightAfter = mod(running);
    slot.drawCount = outcomes ? (outcomes[i] as DrawOutcome).count : countAt(draw, running);
    slot.wins = mod(slot.drawCount - countBefore);
    countBefore = slot.drawCount;
    slot.awardLeaf = mod(slot.isReal * hasher.hash(awardLeafRow(slot.tag, slot.noisy, slot.award, slot.wins)));
  });

  // The proven batch in the claimed order: its slice of the weights from its start, each slot's
  // c at the end of its interval (a cheat replaces some), the wins in between.
  const inBatch = all.filter((slot) => slot.ref.batch === batch);
  const slots = cheat.slots?.(inBatch) ?? inBatch;
  const honestStart = inDomain
    ? (
        drawBatches(
          draw,
          all.map((slot) => ({ batch: slot.ref.batch, entries: slot.entries, noisyScore: slot.noisy })),
          snapshot.run.batches,
        )[batch] as DrawBatch
      ).start
    : mod(all.filter((slot) => slot.ref.batch < batch).reduce((s, slot) => s + slot.weight, 0n));
  const drawStart = mod(cheat.drawStart?.(honestStart) ?? honestStart);
  const drawStartCount = mod(cheat.drawStartCount?.(countAt(draw, drawStart), { ...draw, start: drawStart }) ?? countAt(draw, drawStart));
  let weightAfter = drawStart;
  countBefore = drawStartCount;
  for (const slot of slots) {
    weightAfter = mod(weightAfter + slot.weight);
    const honestCount = countAt(draw, weightAfter);
    const slack = mod(honestCount * draw.total + draw.offset - draw.stones * weightAfter);
    slot.weightAfter = weightAfter;
    slot.drawCount = mod(cheat.drawCount?.(honestCount, { ...slot.ref, draw, weightAfter, slack }) ?? honestCount);
    slot.wins = mod(slot.drawCount - countBefore);
    countBefore = slot.drawCount;
    slot.awardLeaf = mod(slot.isReal * hasher.hash(awardLeafRow(slot.tag, slot.noisy, slot.award, slot.wins)));
  }
  const drawEnd = weightAfter;
  const drawWins = mod(countBefore - drawStartCount);
  const entries = mod(slots.reduce((s, slot) => s + slot.isReal * slot.entries, 0n));

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
  const statement = batchStatement(hasher, {
    formulaHash,
    runPool,
    total,
    beacon: period.beacon,
    batchIndex: batch,
    dataRoot,
    awardRoot,
    noisySum,
    awardSum,
    drawTotal,
    drawOffset: draw.offset,
    drawStart,
    drawEnd,
    drawWins,
    entries,
  });
  const text = (value: bigint): string => mod(value).toString();
  const input: BatchCircuitInput = {
    statement: text(statement),
    ...formulaCircuitInput(formula),
    carried_in: text(carriedIn),
    total: text(total),
    beacon: text(period.beacon),
    batch_index: text(BigInt(batch)),
    draw_total: text(drawTotal),
    draw_offset: text(draw.offset),
    draw_start: text(drawStart),
    draw_start_count: text(drawStartCount),
    is_real: slots.map((s) => text(s.isReal)),
    user_tag: slots.map((s) => text(s.tag)),
    features: slots.map((s) => s.features.map(text)),
    salt: slots.map((s) => text(s.salt)),
    quotient: slots.map((s) => text(s.quotient)),
    coin_low: slots.map((s) => text(s.coinLow)),
    coin_high: slots.map((s) => text(s.coinHigh)),
    noisy: slots.map((s) => text(s.noisy)),
    award: slots.map((s) => text(s.award)),
    entries: slots.map((s) => text(s.entries)),
    draw_count: slots.map((s) => text(s.drawCount)),
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
    draw,
    drawStart,
    drawEnd,
    drawStartCount,
    drawWins,
    entries,
    statement,
    input,
  };
}

/**
 * c at a cumulative weight: drawCount where it is defined (0 <= x <= W, 0 <= U < W, or W = 0),
 * and otherwise the same ceil((D x - U) / W) by hand, the one integer c with
 * 0 <= c W + U - D x < W that the circuit checks, for a claimed W or U drawCount refuses.
 */
function countAt(draw: DrawParameters, weight: bigint): bigint {
  const { stones, total, offset } = draw;
  if (total === 0n || (weight <= total && offset < total)) return drawCount(draw, weight);
  const due = stones * weight - offset;
  return mod(due >= 0n ? (due + total - 1n) / total : -(-due / total));
}

/**
 * The data leaf the circuit hashes for a slot's claimed features and entries: dataLeafRow of the
 * 16-bit features and entries whose packing equals sum feature_i * 2^(16 i) + entries * 2^112
 * (the same number, even for a claimed feature of 16 bits or more), or, for a packing that
 * fits no such digits (negative entries, as field elements), Poseidon of the packing mod p.
 */
function dataLeafOf(hasher: PoseidonHasher, slot: SlotClaim): bigint {
  const width = BigInt(FEATURE_BITS);
  const packed =
    slot.features.reduce((sum, value, i) => sum + value * (1n << (width * BigInt(i))), 0n) + slot.entries * (1n << (width * BigInt(slot.features.length)));
  const digits = slot.features.length + 1;
  if (packed < 0n || packed >> (width * BigInt(slot.features.length) + BigInt(ENTRY_BITS)) !== 0n) return hasher.hash([slot.tag, mod(packed), slot.salt]);
  const mask = (1n << width) - 1n;
  const parts = Array.from({ length: digits }, (_, i) => (packed >> (width * BigInt(i))) & mask);
  return hasher.hash(dataLeafRow(slot.tag, parts.slice(0, -1), slot.salt, parts[digits - 1] as bigint));
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
