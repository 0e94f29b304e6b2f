import { safeParseVersioned, type AwardsLine, type Manifest } from '../../formats/index.js';
import { BUNDLE_VERIFICATION_KEY } from '../../proving/prove/proof-files.js';
import type { Formula } from '../../scoring/formula.js';
import { parseFormula } from '../../scoring/parse-formula.js';
import type { BundleSource } from './bundle-source.js';
import type { BundleCheckName } from './bundle-checks.js';
import type { CheckLog } from './check-log.js';

/** The files of a public bundle, as `stones publish` and `stones prove` lay them out. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  formula: 'formula.json',
  awards: 'awards.jsonl',
  stats: 'stats.json',
  verificationKey: BUNDLE_VERIFICATION_KEY,
  proofs: 'proofs',
} as const;

export interface BundleContents {
  source: BundleSource;
  manifest?: Manifest;
  formula?: Formula;
  awards?: AwardsLine[];
  /** stats.json parsed (undefined when missing or not JSON: its checks say so). */
  stats?: unknown;
  verificationKey?: Record<string, unknown>;
  /** The verification key file's bytes, for its SHA-256. */
  verificationKeyBytes?: Uint8Array;
  /** File names in proofs/ (undefined when there is no such folder). */
  proofFiles?: string[];
}

/**
 * The largest file of each kind a verifier reads into memory: well above what stones writes
 * (a manifest lists every batch: 10 MB for a million owners; awards.jsonl, 150 B an owner),
 * below what one JavaScript string can hold (about 512 MB). A bigger file is a named failure
 * of its format check, not a crash or a long stall.
 */
export const MAX_BUNDLE_FILE_BYTES = {
  manifest: 256 * 2 ** 20,
  formula: 2 ** 20,
  awards: 500 * 2 ** 20,
  stats: 64 * 2 ** 20,
  verificationKey: 2 ** 20,
  proof: 64 * 2 ** 10,
} as const;

const utf8 = new TextDecoder('utf-8');

/** A file's text; undefined when it is missing; a problem when it is over its limit or not a file. */
export async function readBoundedText(source: BundleSource, path: string, limit: number): Promise<string | undefined | { problem: string }> {
  const read = await source.read(path, limit);
  return read === undefined || 'problem' in read ? read : utf8.decode(read);
}

async function readText(source: BundleSource, limit: number, log: CheckLog, check: BundleCheckName, file: string): Promise<string | undefined | null> {
  const text = await readBoundedText(source, file, limit);
  if (typeof text === 'object') {
    log.fail(check, `${file}: ${text.problem}`);
    return null;
  }
  return text;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `not JSON (${(error as Error).message})` };
  }
}

/**
 * The manifest, or why not: one line when its schema_version is missing or newer than this
 * stones reads (the fields of another version are not worth listing), else one per problem.
 */
function parseManifest(value: unknown): { manifest: Manifest } | { problems: string[] } {
  const parsed = safeParseVersioned('manifest', value);
  return parsed.ok ? { manifest: parsed.value } : { problems: parsed.problems };
}

async function readManifest(source: BundleSource, log: CheckLog): Promise<Manifest | undefined> {
  const text = await readText(source, MAX_BUNDLE_FILE_BYTES.manifest, log, 'manifest.format', BUNDLE_FILES.manifest);
  if (text === null) return undefined;
  if (text === undefined) return void log.fail('manifest.format', `${BUNDLE_FILES.manifest}: missing`);
  const json = parseJson(text);
  if ('error' in json) return void log.fail('manifest.format', `${BUNDLE_FILES.manifest}: ${json.error}`);
  const parsed = parseManifest(json.value);
  if ('problems' in parsed) {
    for (const problem of parsed.problems) log.fail('manifest.format', problem);
    return undefined;
  }
  return parsed.manifest;
}

/** Another bundle's manifest alone (the previous period's, for its link): the manifest, or one line on why not. */
export async function readManifestOf(source: BundleSource): Promise<{ manifest: Manifest } | { problem: string }> {
  const text = await readBoundedText(source, BUNDLE_FILES.manifest, MAX_BUNDLE_FILE_BYTES.manifest);
  if (text === undefined) return { problem: `no ${BUNDLE_FILES.manifest}` };
  if (typeof text === 'object') return { problem: `${BUNDLE_FILES.manifest}: ${text.problem}` };
  const json = parseJson(text);
  if ('error' in json) return { problem: `${BUNDLE_FILES.manifest}: ${json.error}` };
  const parsed = parseManifest(json.value);
  if (!('problems' in parsed)) return parsed;
  // A schema_version problem already names the file.
  const [first] = parsed.problems;
  return { problem: first?.startsWith(`${BUNDLE_FILES.manifest} `) ? first : `${BUNDLE_FILES.manifest}: ${first}` };
}

/** Another bundle's formula alone (for the chain's pools and plan): the formula, or one line on why not. */
export async function readFormulaOf(source: BundleSource): Promise<{ formula: Formula } | { problem: string }> {
  const text = await readBoundedText(source, BUNDLE_FILES.formula, MAX_BUNDLE_FILE_BYTES.formula);
  if (text === undefined) return { problem: `no ${BUNDLE_FILES.formula}` };
  if (typeof text === 'object') return { problem: `${BUNDLE_FILES.formula}: ${text.problem}` };
  const json = parseJson(text);
  if ('error' in json) return { problem: `${BUNDLE_FILES.formula}: ${json.error}` };
  try {
    return { formula: parseFormula(json.value, BUNDLE_FILES.formula) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

async function readFormula(source: BundleSource, log: CheckLog): Promise<Formula | undefined> {
  const text = await readText(source, MAX_BUNDLE_FILE_BYTES.formula, log, 'formula.format', BUNDLE_FILES.formula);
  if (text === null) return undefined;
  if (text === undefined) return void log.fail('formula.format', `${BUNDLE_FILES.formula}: missing`);
  const json = parseJson(text);
  if ('error' in json) return void log.fail('formula.format', `${BUNDLE_FILES.formula}: ${json.error}`);
  try {
    return parseFormula(json.value, BUNDLE_FILES.formula);
  } catch (error) {
    return void log.fail('formula.format', (error as Error).message);
  }
}

async function readAwards(source: BundleSource, log: CheckLog): Promise<AwardsLine[] | undefined> {
  const text = await readText(source, MAX_BUNDLE_FILE_BYTES.awards, log, 'awards.format', BUNDLE_FILES.awards);
  if (text === null) return undefined;
  if (text === undefined) return void log.fail('awards.format', `${BUNDLE_FILES.awards}: missing`);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const awards: AwardsLine[] = [];
  for (const [i, line] of lines.entries()) {
    const json = parseJson(line);
    if ('error' in json) {
      log.fail('awards.format', `line ${i + 1}: ${json.error}`);
      continue;
    }
    const parsed = safeParseVersioned('awards_line', json.value);
    if (parsed.ok) awards.push(parsed.value);
    else if (parsed.version === 'missing' || parsed.version === 'older' || parsed.version === 'newer') {
      // Every line of the file has the same version: say it once, not a million times.
      log.fail('awards.format', `line ${i + 1}: ${parsed.problems.join('; ')}`);
      break;
    } else log.fail('awards.format', `line ${i + 1}: ${parsed.problems.join('; ')}`);
  }
  return log.failed('awards.format') ? undefined : awards;
}

async function readVerificationKey(source: BundleSource, log: CheckLog): Promise<{ key?: Record<string, unknown>; bytes?: Uint8Array }> {
  const bytes = await source.read(BUNDLE_FILES.verificationKey, MAX_BUNDLE_FILE_BYTES.verificationKey);
  if (bytes === undefined) {
    log.fail('verification_key.format', `${BUNDLE_FILES.verificationKey}: missing (stones prove writes it)`);
    return {};
  }
  if ('problem' in bytes) {
    log.fail('verification_key.format', `${BUNDLE_FILES.verificationKey}: not a file of at most ${MAX_BUNDLE_FILE_BYTES.verificationKey} bytes`);
    return {};
  }
  const json = parseJson(utf8.decode(bytes));
  const key = 'error' in json ? undefined : json.value;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    log.fail('verification_key.format', `${BUNDLE_FILES.verificationKey}: ${'error' in json ? json.error : 'not a JSON object'}`);
    return { bytes };
  }
  const { protocol, curve, nPublic, IC } = key as Record<string, unknown>;
  if (protocol !== 'groth16') log.fail('verification_key.format', `protocol is ${String(protocol)}, not groth16`);
  if (curve !== 'bn128') log.fail('verification_key.format', `curve is ${String(curve)}, not bn128`);
  if (nPublic !== 1 || !Array.isArray(IC) || IC.length !== 2) {
    log.fail('verification_key.format', `the key is for ${String(nPublic)} public inputs, the circuit has one (the statement)`);
  }
  return log.failed('verification_key.format') ? { bytes } : { key: key as Record<string, unknown>, bytes };
}

/** Reads a bundle. Anything wrong inside it is a failed check (the `*.format` checks), so that every problem of a bundle is listed at once. */
export async function readBundle(source: BundleSource, log: CheckLog): Promise<BundleContents> {
  const manifest = await readManifest(source, log);
  const formula = await readFormula(source, log);
  const awards = await readAwards(source, log);
  const statsText = await readText(source, MAX_BUNDLE_FILE_BYTES.stats, log, 'stats.format', BUNDLE_FILES.stats);
  const statsJson = statsText === undefined || statsText === null ? undefined : parseJson(statsText);
  const stats = statsJson === undefined || 'error' in statsJson ? undefined : statsJson.value;
  const { key, bytes } = await readVerificationKey(source, log);
  const proofFiles = await source.list(BUNDLE_FILES.proofs);
  return { source, manifest, formula, awards, stats, verificationKey: key, verificationKeyBytes: bytes, proofFiles };
}
