import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import { rootFromPath } from '../commitments/merkle/merkle-path.js';
import { padToPowerOfTwo } from '../commitments/merkle/pad-to-power-of-two.js';
import { buildTree } from '../commitments/merkle/poseidon-tree.js';
import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { TOP_TREE_ARITY } from '../commitments/run-tree-shape.js';
import { InputFileError } from '../errors/input-file-error.js';
import { safeParseVersioned, type AwardsLine, type Manifest, type Receipt, type VersionedKind, type VersionedDocument } from '../formats/index.js';
import { merklePathFromJson } from '../publishing/merkle-path-json.js';
import { awardLeafRow } from '../commitments/award-leaf.js';
import { dataLeafRow } from '../commitments/data-leaf.js';
import { drawEntries } from '../draw/draw-entries.js';
import { drawOdds, fractionToDecimal } from '../draw/draw-odds.js';
import { drawOffset, drawRandom } from '../draw/draw-offset.js';
import { formulaSha256 } from '../scoring/canonical-formula-json.js';
import { ENTRY_BITS, FEATURE_BITS } from '../scoring/circuit-bit-widths.js';
import { coinCount } from '../scoring/coin-count.js';
import { FEATURE_NAMES } from '../scoring/feature-names.js';
import type { Formula } from '../scoring/formula.js';
import { formulaDrawOf } from '../scoring/formula-numbers.js';
import { noisyScore } from '../scoring/noisy-score.js';
import { parseFormula } from '../scoring/parse-formula.js';
import { scoreOf } from '../scoring/score.js';
import type { BundleSource } from './bundle/bundle-source.js';
import { checkBeacon } from './bundle/check-beacon.js';
import { CheckLog } from './bundle/check-log.js';
import { BUNDLE_FILES, MAX_BUNDLE_FILE_BYTES, readBoundedText } from './bundle/read-bundle.js';

/** A receipt as read: the formats' receipt schema (pipeline/formats/receipt.ts). */
export type CheckedReceipt = Receipt;

/**
 * The owner's part in the period's draw, for them to read (decimal strings, u in 0x-hex): what
 * they spent and the entries it bought, their weight entries x noisy score against the draw's
 * W, their chance of at least one stone min(1, D w / W) and the stones they could expect
 * D w / W (6 decimals, rounded down), the draw's random numbers u and U, and what they won.
 */
export interface ReceiptDraw {
  stones: string;
  crystalsSpent: string;
  entries: string;
  weight: string;
  total: string;
  chance: string;
  expectedStones: string;
  random: string;
  offset: string;
  wins: string;
  stonesWon: string;
}

export interface ReceiptVerification {
  /** One line per failed check, each starting with the name of the field it concerns. */
  failures: string[];
  receipt?: CheckedReceipt;
  /** The owner's draw, once the receipt could be read. */
  draw?: ReceiptDraw;
  /** The beacon is the demo beacon (or one given by hand), accepted because the caller allowed it. */
  demoBeaconAllowed?: boolean;
}

export interface VerifyReceiptFilesOptions {
  /** Accept the demo beacon (or one given by hand) instead of failing the receipt on it: for demo runs only. */
  allowDemoBeacon?: boolean;
}

/**
 * The owner's noise is only as unpredictable as the beacon: the bundle's beacon checks
 * (beacon.authenticated, beacon.after_commitment), as `beacon: ...` failure lines.
 */
function checkReceiptBeacon(manifest: Manifest, formula: Formula, allowDemoBeacon: boolean): { failures: string[]; demoAllowed: boolean } {
  const log = new CheckLog();
  checkBeacon(log, manifest, formula, allowDemoBeacon);
  const beaconChecks = log.results().filter((check) => check.name.startsWith('beacon.'));
  return {
    failures: beaconChecks.flatMap((check) => check.failures.map((failure) => `beacon: ${failure}`)),
    demoAllowed: beaconChecks.some((check) => check.status === 'skipped' && check.nothingToCheck === true),
  };
}

/** A bundle file parsed as JSON; a missing or unreadable one is the user's error (the receipt cannot be checked at all). */
async function readBundleJson(source: BundleSource, file: string, limit: number): Promise<unknown> {
  const text = await readBoundedText(source, file, limit);
  const where = `${source.location}/${file}`;
  if (text === undefined) throw new InputFileError('input_not_found', where, 'missing from the bundle');
  if (typeof text === 'object') throw new InputFileError('input_unreadable', where, text.problem);
  return parseJsonText(text, where);
}

function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputFileError('input_unreadable', where, `not JSON (${(error as Error).message})`, { cause: error });
  }
}

/** A bundle file of a versioned format, or the user's error in one line (a schema_version this stones does not read, first). */
async function readVersioned<K extends VersionedKind>(bundle: BundleSource, kind: K, file: string, limit: number): Promise<VersionedDocument<K>> {
  const parsed = safeParseVersioned(kind, await readBundleJson(bundle, file, limit));
  if (parsed.ok) return parsed.value;
  const where = `${bundle.location}/${file}`;
  throw new InputFileError(
    'input_unreadable',
    where,
    parsed.problems.length > 1 ? `${parsed.problems[0]} (and ${parsed.problems.length - 1} more problems)` : `${parsed.problems[0]}`,
  );
}

/** The root of the binary top tree over the manifest's batch roots (what the bundle's data_root and award_root are). */
function topRoot(hasher: PoseidonHasher, batchRoots: readonly string[]): bigint {
  return buildTree(hasher, padToPowerOfTwo(batchRoots.map(fieldFromHex)), TOP_TREE_ARITY).root;
}

/** The data leaf, through the receipt's path, to its batch's data root, and the batch roots to the run's data root. */
function checkDataCommitment(hasher: PoseidonHasher, manifest: Manifest, receipt: CheckedReceipt, dataLeaf: bigint): string[] {
  const failures: string[] = [];
  const batch = manifest.batches[receipt.batch];
  if (receipt.data_path.index !== receipt.leaf)
    failures.push(`leaf: the receipt says leaf ${receipt.leaf}, its data_path is for leaf ${receipt.data_path.index}`);
  if (batch === undefined) return [...failures, `batch: the bundle has no batch ${receipt.batch}`];
  if (rootFromPath(hasher, dataLeaf, merklePathFromJson(receipt.data_path)) !== fieldFromHex(batch.data_root)) {
    failures.push(`features, salt or user_tag (or entries): data_path: the data leaf is not in batch ${receipt.batch}'s data root of the manifest`);
  }
  if (
    topRoot(
      hasher,
      manifest.batches.map((b) => b.data_root),
    ) !== fieldFromHex(manifest.data_root)
  ) {
    failures.push("data_root: the manifest's batch data roots do not give its data_root");
  }
  return failures;
}

/** The owner's line of awards.jsonl, and the batch's award leaves (from awards.jsonl) to the manifest's award roots. */
function checkAwardCommitment(hasher: PoseidonHasher, manifest: Manifest, receipt: CheckedReceipt, awards: readonly AwardsLine[]): string[] {
  const failures: string[] = [];
  const line = awards.find((a) => a.batch === receipt.batch && a.leaf === receipt.leaf);
  if (line === undefined) return [`awards.jsonl: no line for batch ${receipt.batch}, leaf ${receipt.leaf}`];
  if (fieldFromHex(line.user_tag) !== fieldFromHex(receipt.user_tag))
    failures.push(`user_tag: awards.jsonl has another tag at batch ${receipt.batch}, leaf ${receipt.leaf}`);
  if (line.noisy_score !== receipt.noisy_score)
    failures.push(`noisy_score: awards.jsonl publishes ${line.noisy_score} for this owner, the receipt says ${receipt.noisy_score}`);
  if (line.award !== receipt.award) failures.push(`award: awards.jsonl publishes ${line.award} for this owner, the receipt says ${receipt.award}`);
  if (line.draw_wins !== receipt.draw_wins)
    failures.push(`draw_wins: awards.jsonl publishes ${line.draw_wins} stones won for this owner, the receipt says ${receipt.draw_wins}`);
  const batch = manifest.batches[receipt.batch];
  if (batch === undefined) return failures;
  const leaves = new Array<bigint>(manifest.batch_size).fill(0n);
  for (const a of awards)
    if (a.batch === receipt.batch && a.leaf < manifest.batch_size)
      leaves[a.leaf] = hasher.hash(awardLeafRow(fieldFromHex(a.user_tag), BigInt(a.noisy_score), BigInt(a.award), BigInt(a.draw_wins)));
  if (buildTree(hasher, leaves).root !== fieldFromHex(batch.award_root)) {
    failures.push(`award_root: batch ${receipt.batch}'s award leaves in awards.jsonl do not give its award root in the manifest`);
  }
  if (
    topRoot(
      hasher,
      manifest.batches.map((b) => b.award_root),
    ) !== fieldFromHex(manifest.award_root)
  ) {
    failures.push("award_root: the manifest's batch award roots do not give its award_root");
  }
  return failures;
}

function checkScores(hasher: PoseidonHasher, formula: Formula, manifest: Manifest, receipt: CheckedReceipt): string[] {
  const failures: string[] = [];
  const features = Object.fromEntries(FEATURE_NAMES.map((f) => [f, BigInt(receipt.features[f])])) as Record<(typeof FEATURE_NAMES)[number], bigint>;
  const score = scoreOf(formula, features);
  if (score.toString() !== receipt.score) failures.push(`score: the formula gives ${score} from the receipt's features, the receipt says ${receipt.score}`);
  const coins = coinCount(hasher, fieldFromHex(manifest.beacon.value), fieldFromHex(receipt.salt), formula.noise.n);
  const noisy = noisyScore(formula, score, coins);
  if (noisy.toString() !== receipt.noisy_score) {
    failures.push(`noisy_score: the beacon and salt give ${noisy} (${coins} of ${formula.noise.n} coins), the receipt says ${receipt.noisy_score}`);
  }
  const pool = BigInt(manifest.pool);
  const total = BigInt(manifest.total_noisy_score);
  const award = BigInt(receipt.award);
  const inRange = total === 0n ? award === 0n : award * total <= pool * noisy && pool * noisy < (award + 1n) * total;
  if (!inRange) failures.push(`award: ${receipt.award} is not floor(pool * noisy_score / S) = floor(${pool} * ${noisy} / ${total})`);
  return failures;
}

/**
 * The owner's draw: entries from the crystals spent under the formula's terms, the draw's u and
 * U recomputed from the beacon and the period, and the stones won against what the owner's
 * weight allows (floor or ceil of D w / W). Where the owner's interval starts is a partial sum
 * of other owners' weights, not on the receipt: the batch proof binds it.
 */
function checkDraw(hasher: PoseidonHasher, formula: Formula, manifest: Manifest, receipt: CheckedReceipt): { failures: string[]; draw: ReceiptDraw } {
  const failures: string[] = [];
  const terms = formulaDrawOf(formula);
  const stones = BigInt(terms.stones);
  const spent = BigInt(receipt.crystals_spent);
  const entries = BigInt(receipt.entries);
  const bought = drawEntries(terms, spent);
  if (entries !== bought) {
    failures.push(
      `entries: ${receipt.crystals_spent} crystals at ${terms.crystals_per_entry} an entry (at most ${terms.max_entries}) buy ${bought} entries, the receipt says ${receipt.entries}`,
    );
  }
  if (manifest.draw.stones !== stones.toString()) failures.push(`draw: the manifest offers ${manifest.draw.stones} stones, formula.json ${stones}`);
  const random = drawRandom(hasher, fieldFromHex(manifest.beacon.value), manifest.period);
  if (fieldFromHex(manifest.draw.random) !== random)
    failures.push(`draw: the manifest's u is ${manifest.draw.random}, the beacon and period give ${fieldToHex(random)}`);
  const total = BigInt(manifest.draw.total);
  const offset = drawOffset(random, total);
  if (BigInt(manifest.draw.offset) !== offset) failures.push(`draw: the manifest's U is ${manifest.draw.offset}, u mod W = ${offset}`);
  const weight = entries * BigInt(receipt.noisy_score);
  const wins = BigInt(receipt.draw_wins);
  const count = BigInt(receipt.draw_count);
  const odds = drawOdds(stones, total, weight);
  if (weight > total) failures.push(`draw: the owner's weight ${weight} (entries x noisy score) is above the draw's W ${total}`);
  else {
    const floor = total === 0n ? 0n : (stones * weight) / total;
    const ceil = total === 0n ? 0n : (stones * weight + total - 1n) / total;
    if (wins !== floor && wins !== ceil) {
      failures.push(`draw_wins: ${receipt.draw_wins} stones won, a weight of ${weight} of W ${total} wins ${floor === ceil ? floor : `${floor} or ${ceil}`}`);
    }
  }
  if (count < wins || count > stones)
    failures.push(`draw_count: ${receipt.draw_count} is not between the stones won ${receipt.draw_wins} and the ${stones} offered`);
  return {
    failures,
    draw: {
      stones: stones.toString(),
      crystalsSpent: receipt.crystals_spent,
      entries: receipt.entries,
      weight: weight.toString(),
      total: manifest.draw.total,
      chance: fractionToDecimal(odds.winAtLeastOne),
      expectedStones: fractionToDecimal(odds.expected),
      random: fieldToHex(random),
      offset: offset.toString(),
      wins: receipt.draw_wins,
      stonesWon: manifest.draw.stones_won,
    },
  };
}

async function readAwardsLines(source: BundleSource): Promise<AwardsLine[]> {
  const where = `${source.location}/${BUNDLE_FILES.awards}`;
  const text = await readBoundedText(source, BUNDLE_FILES.awards, MAX_BUNDLE_FILE_BYTES.awards);
  if (text === undefined) throw new InputFileError('input_not_found', where, 'missing from the bundle');
  if (typeof text === 'object') throw new InputFileError('input_unreadable', where, text.problem);
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line, i) => {
      const parsed = safeParseVersioned('awards_line', parseJsonText(line, where));
      if (!parsed.ok)
        throw new InputFileError('input_unreadable', where, parsed.version ? `line ${i + 1}: ${parsed.problems[0]}` : `line ${i + 1} is not an awards line`);
      return parsed.value;
    });
}

/**
 * Checks an owner's receipt against a public bundle, with no database: the bundle's formula
 * against its manifest, the receipt's features and salt against its batch's data root and the
 * run's data root (the data leaf packs the owner's draw entries), its score, noise and award
 * recomputed, its entries from the crystals spent, the draw's u and U from the beacon, its
 * stones won against its weight, and its award and stones won against awards.jsonl, the
 * batch's award root and the run's award root.
 */
export async function verifyReceiptFiles(
  bundle: BundleSource,
  receiptJson: unknown,
  hasher: PoseidonHasher,
  options: VerifyReceiptFilesOptions = {},
): Promise<ReceiptVerification> {
  const manifest = await readVersioned(bundle, 'manifest', BUNDLE_FILES.manifest, MAX_BUNDLE_FILE_BYTES.manifest);
  const formula = parseFormula(await readBundleJson(bundle, BUNDLE_FILES.formula, MAX_BUNDLE_FILE_BYTES.formula), `${bundle.location}/${BUNDLE_FILES.formula}`);
  const awards = await readAwardsLines(bundle);
  const parsed = safeParseVersioned('receipt', receiptJson);
  if (!parsed.ok) return { failures: parsed.problems };
  const receipt = parsed.value;
  const failures: string[] = [];
  if (formulaSha256(formula) !== manifest.formula.sha256) failures.push('formula: the bundle formula.json does not match the sha256 in the manifest');
  if (receipt.run_id !== manifest.run_id) failures.push(`run_id: the receipt is for run ${receipt.run_id}, the bundle is run ${manifest.run_id}`);
  if (receipt.period !== manifest.period) failures.push(`period: the receipt says ${receipt.period}, the bundle ${manifest.period}`);
  const beacon = checkReceiptBeacon(manifest, formula, options.allowDemoBeacon ?? false);
  failures.push(...beacon.failures);
  const tag = fieldFromHex(receipt.user_tag);
  const features = FEATURE_NAMES.map((f) => BigInt(receipt.features[f]));
  const featureProblem = features.findIndex((value) => value >= 1n << BigInt(FEATURE_BITS));
  if (featureProblem >= 0) {
    return { failures: [`features.${FEATURE_NAMES[featureProblem]}: ${features[featureProblem]} does not fit ${FEATURE_BITS} bits`], receipt };
  }
  const entries = BigInt(receipt.entries);
  if (entries >= 1n << BigInt(ENTRY_BITS)) return { failures: [`entries: ${entries} does not fit ${ENTRY_BITS} bits`], receipt };
  const dataLeaf = hasher.hash(dataLeafRow(tag, features, fieldFromHex(receipt.salt), entries));
  failures.push(...checkDataCommitment(hasher, manifest, receipt, dataLeaf));
  failures.push(...checkScores(hasher, formula, manifest, receipt));
  const draw = checkDraw(hasher, formula, manifest, receipt);
  failures.push(...draw.failures);
  failures.push(...checkAwardCommitment(hasher, manifest, receipt, awards));
  return { failures: [...new Set(failures)], receipt, draw: draw.draw, ...(beacon.demoAllowed ? { demoBeaconAllowed: true } : {}) };
}
