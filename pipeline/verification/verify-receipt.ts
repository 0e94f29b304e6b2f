import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldFromHex } from '../commitments/field-encoding.js';
import { rootFromPath } from '../commitments/merkle/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { InputFileError } from '../errors/index.js';
import type { Manifest } from '../publishing/manifest.js';
import { merklePathFromJson, type MerklePathJson } from '../publishing/merkle-path-json.js';
import { coinCount, FEATURE_NAMES, formulaSha256, noisyScore, parseFormula, scoreOf, type Formula } from '../scoring/index.js';

const hex = z.string().regex(/^0x[0-9a-f]{1,64}$/i, 'a 0x-hex field element');
const decimal = z.string().regex(/^\d+$/, 'a decimal integer');
const path = z.object({ index: z.number().int().min(0), levels: z.array(z.object({ position: z.number().int().min(0), siblings: z.array(hex) })) });
const receiptSchema = z.object({
  run_id: z.string(),
  period: z.string(),
  user_tag: hex,
  salt: hex,
  features: z.object(Object.fromEntries(FEATURE_NAMES.map((f) => [f, decimal])) as Record<(typeof FEATURE_NAMES)[number], typeof decimal>),
  score: decimal,
  noisy_score: decimal,
  award: decimal,
  batch: z.number().int().min(0),
  leaf: z.number().int().min(0),
  data_path: z.object({ batch: path, top: path }),
  award_path: z.object({ batch: path, top: path }),
});

export type CheckedReceipt = z.infer<typeof receiptSchema>;

export interface ReceiptVerification {
  /** One line per failed check, each starting with the name of the field it concerns. */
  failures: string[];
  receipt?: CheckedReceipt;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputFileError('input_not_found', path, 'cannot read this file', { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputFileError('input_unreadable', path, `not JSON (${(error as Error).message})`, { cause: error });
  }
}

function pathRoot(hasher: PoseidonHasher, leaf: bigint, json: MerklePathJson): bigint {
  return rootFromPath(hasher, leaf, merklePathFromJson(json));
}

/** Checks the commitment of one tree: leaf -> batch root (in the manifest) -> run root. */
function checkTree(
  hasher: PoseidonHasher,
  name: string,
  leaf: bigint,
  paths: { batch: MerklePathJson; top: MerklePathJson },
  expected: { batchRoot: string | undefined; root: string },
  receipt: CheckedReceipt,
): string[] {
  const failures: string[] = [];
  if (paths.batch.index !== receipt.leaf) failures.push(`leaf: the receipt says leaf ${receipt.leaf}, its ${name}_path is for leaf ${paths.batch.index}`);
  if (paths.top.index !== receipt.batch) failures.push(`batch: the receipt says batch ${receipt.batch}, its ${name}_path is for batch ${paths.top.index}`);
  const batchRoot = pathRoot(hasher, leaf, paths.batch);
  if (expected.batchRoot === undefined || batchRoot !== fieldFromHex(expected.batchRoot)) {
    failures.push(`${name}_path.batch: the ${name} leaf is not in batch ${receipt.batch}'s ${name} root of the manifest`);
  } else if (pathRoot(hasher, batchRoot, paths.top) !== fieldFromHex(expected.root)) {
    failures.push(`${name}_path.top: batch ${receipt.batch}'s ${name} root does not lead to the manifest's ${name}_root`);
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
 * Checks a user's receipt against a public bundle, with no database: the bundle's formula
 * against its manifest, the receipt's features and salt against the data root, its score,
 * noise and award recomputed, and its award against the award root.
 */
export async function verifyReceipt(bundleDir: string, receiptPath: string, hasher: PoseidonHasher): Promise<ReceiptVerification> {
  const manifest = (await readJson(join(bundleDir, 'manifest.json'))) as Manifest;
  const formula = parseFormula(await readJson(join(bundleDir, 'formula.json')), join(bundleDir, 'formula.json'));
  const parsed = receiptSchema.safeParse(await readJson(receiptPath));
  if (!parsed.success) {
    return { failures: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'receipt'}: ${issue.message}`) };
  }
  const receipt = parsed.data;
  const failures: string[] = [];
  if (formulaSha256(formula) !== manifest.formula.sha256) failures.push('formula: the bundle formula.json does not match the sha256 in the manifest');
  if (receipt.run_id !== manifest.run_id) failures.push(`run_id: the receipt is for run ${receipt.run_id}, the bundle is run ${manifest.run_id}`);
  if (receipt.period !== manifest.period) failures.push(`period: the receipt says ${receipt.period}, the bundle ${manifest.period}`);
  const tag = fieldFromHex(receipt.user_tag);
  const batch = manifest.batches[receipt.batch];
  const dataLeaf = hasher.hash([tag, ...FEATURE_NAMES.map((f) => BigInt(receipt.features[f])), fieldFromHex(receipt.salt)]);
  failures.push(
    ...checkTree(hasher, 'data', dataLeaf, receipt.data_path, { batchRoot: batch?.data_root, root: manifest.data_root }, receipt).map((f) =>
      f.startsWith('data_path.batch') ? `features, salt or user_tag: ${f}` : f,
    ),
  );
  failures.push(...checkScores(hasher, formula, manifest, receipt));
  const awardLeaf = hasher.hash([tag, BigInt(receipt.noisy_score), BigInt(receipt.award)]);
  failures.push(
    ...checkTree(hasher, 'award', awardLeaf, receipt.award_path, { batchRoot: batch?.award_root, root: manifest.award_root }, receipt).filter(
      (f) => !f.startsWith('leaf:') && !f.startsWith('batch:'), // already reported for the data path
    ),
  );
  return { failures: [...new Set(failures)], receipt };
}
