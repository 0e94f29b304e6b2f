import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, fieldToHex } from '../../../pipeline/commitments/index.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { proveRun } from '../../../pipeline/proving/prove/index.js';
import { releasedRun, runPipeline } from '../../../pipeline/run/index.js';
import { loadFormula, parseFormula, publishedFormulaPath, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import { BUNDLE_CHECKS, type BundleCheckName } from '../../../pipeline/verification/bundle/index.js';
import { verifyBundle, verifyChain, type BundleVerification, type ChainVerification } from '../../../pipeline/verification/node/index.js';
import { manifestRecordSha256, type Manifest } from '../../../pipeline/publishing/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { runCli } from '../../support/cli.js';

// `stones verify` on a real proved bundle (B = 2, n = 128, the committed test artifacts): the
// honest bundle passes every check; then ONE number at a time is changed in every field of
// manifest.json, formula.json, awards.jsonl, verification_key.json and a proof file, and the
// check that catches it must be among the failures (and the verdict must be a failure).

const SNARKJS_CLI = new URL('../../../node_modules/snarkjs/build/cli.cjs', import.meta.url).pathname;
const ARTIFACTS = new URL('../../../circuits/artifacts/batch-award-v3-b2-n128/', import.meta.url).pathname;
const PEPPER = BigInt(`0x5e1f${'c3'.repeat(29)}`);

let dir: string;
let pristine: string;
/** September's bundle: the release October carries on from. */
let previous: string;
const bundles: string[] = [];
const PERIODS = ['2026-08', '2026-09', '2026-10'];
let scratch: string;
let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-verify-'));
  const { canonicalJson } = await loadFormula(publishedFormulaPath());
  const json = JSON.parse(canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = 128;
  json.batch_size = 2;
  parseFormula(json, 'test formula');
  writeFileSync(join(dir, 'formula.json'), `${JSON.stringify(json, null, 2)}\n`);
  formula = await loadFormula(join(dir, 'formula.json'));
  // 5 owners driving from August to October: three periods, each with batches of 2 (the last
  // one with a padding slot), each carrying the remainder of the one before. October's bundle
  // is the one tampered with; the three make the chain.
  const { inputs } = await writeGeneratedInputs(dir, { users: 5, days: 84, seed: 12, start: '2026-08-03' });
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(dir, 'stones.duckdb'));
  try {
    for (const periodId of PERIODS) {
      const run = releasedRun(
        await runPipeline(database.connection, { inputs, periodId, timeZone: 'UTC', formula, pepper: PEPPER, outDir: join(dir, 'out'), hasher, poseidon }),
      );
      const bundle = join(run.publish.runDir, 'bundle');
      await proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: ARTIFACTS, bundleDir: bundle, poseidon });
      bundles.push(bundle);
    }
  } finally {
    database.close();
  }
  [, previous, pristine] = bundles as [string, string, string];
  scratch = join(dir, 'scratch');
}, 240_000);

afterAll(async () => {
  await hasher?.close();
  await releaseSnarkjsCurve();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function verify(bundle: string): Promise<BundleVerification> {
  // The sample runs draw a demo beacon: accepted here, where every other check is the subject.
  return verifyBundle(bundle, {
    poseidon,
    hasher,
    publishedFormulaSha256: formula.sha256,
    previousBundleDir: previous,
    releaseCurve: false,
    allowDemoBeacon: true,
  });
}

function failedChecks(result: BundleVerification): BundleCheckName[] {
  return result.checks.filter((c) => c.status === 'failed').map((c) => c.name);
}

/** A fresh copy of the honest bundle with one file replaced. */
function bundleWith(file: string, text: string): string {
  rmSync(scratch, { recursive: true, force: true });
  cpSync(pristine, scratch, { recursive: true });
  writeFileSync(join(scratch, file), text);
  return scratch;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every leaf of a JSON value that holds a number (a JSON number, a decimal or hex string), by dotted path. */
function numberLeaves(value: Json, path: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => numberLeaves(v, [...path, String(i)]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numberLeaves(v, [...path, k]));
  if (typeof value === 'number' || (typeof value === 'string' && /[0-9]/.test(value))) return [path];
  return [];
}

/** The value with the last digit of the leaf at `path` changed (a hex digit in 0x strings). */
function changedAt(value: Json, path: string[]): Json {
  const copy = structuredClone(value) as Record<string, Json>;
  const parent = path.slice(0, -1).reduce<Record<string, Json>>((node, key) => node[key] as Record<string, Json>, copy);
  const key = path.at(-1) as string;
  const leaf = parent[key] as number | string;
  const text = String(leaf);
  const hex = typeof leaf === 'string' && /^0x[0-9a-f]+$/i.test(leaf);
  const digits = hex ? '0123456789abcdef' : '0123456789';
  let at = text.length - 1;
  while (!digits.includes(text[at]?.toLowerCase() as string)) at -= 1;
  const next = digits[(digits.indexOf((text[at] as string).toLowerCase()) + 1) % digits.length] as string;
  const changed = `${text.slice(0, at)}${next}${text.slice(at + 1)}`;
  parent[key] = typeof leaf === 'number' ? Number(changed) : changed;
  return copy as Json;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(join(pristine, file), 'utf8')) as Json;
}

/** The check that must name a changed manifest field, and for the statement's fields, the proofs too. */
const MANIFEST_FIELDS: [RegExp, BundleCheckName[]][] = [
  [/^schema_version$/, ['manifest.format']],
  [/^(run_id|period)$/, ['manifest.run_id']],
  [/^formula\.version$/, ['manifest.formula_terms']],
  [/^formula\.sha256$/, ['formula.sha256', 'manifest.run_id']],
  [/^formula\.poseidon$/, ['formula.poseidon', 'proofs.groth16']],
  [/^(pool)$/, ['pool', 'award_sums', 'proofs.groth16']],
  [/^carried_in$/, ['pool', 'previous.remainder']],
  [/^previous\./, ['previous.run']],
  [/^total_noisy_score$/, ['total_noisy_score', 'proofs.groth16']],
  [/^(total_awards|remainder)$/, ['award_sums']],
  [/^beacon\.value$/, ['proofs.groth16']],
  [/^data_root$/, ['data_root', 'manifest.run_id']],
  [/^award_root$/, ['award_root']],
  [/^users$/, ['batches.users']],
  [/^batch_size$/, ['manifest.formula_terms']],
  [/^tree\./, ['manifest.formula_terms']],
  [/^batches\.\d+\.batch$/, ['batches.indices']],
  [/^batches\.\d+\.users$/, ['batches.users']],
  [/^batches\.\d+\.data_root$/, ['data_root', 'proofs.groth16']],
  [/^batches\.\d+\.award_root$/, ['award_root', 'awards.award_root', 'proofs.groth16']],
  [/^batches\.\d+\.noisy_sum$/, ['total_noisy_score', 'awards.sums', 'proofs.groth16']],
  [/^batches\.\d+\.award_sum$/, ['award_sums', 'awards.sums', 'proofs.groth16']],
  [/^batches\.\d+\.draw_(start|end)$/, ['draw.intervals', 'proofs.groth16']],
  [/^batches\.\d+\.draw_wins$/, ['draw.stones_won', 'awards.draw_wins', 'proofs.groth16']],
  [/^batches\.\d+\.entries$/, ['draw.entries', 'proofs.groth16']],
  [/^draw\.(stones|crystals_per_entry|max_entries)$/, ['draw.formula']],
  [/^draw\.(tag|random)$/, ['draw.random']],
  [/^draw\.total$/, ['draw.intervals', 'proofs.groth16']],
  [/^draw\.offset$/, ['draw.offset', 'proofs.groth16']],
  [/^draw\.stones_won$/, ['draw.stones_won']],
  [/^draw\.entries$/, ['draw.entries']],
  [/^privacy\./, ['manifest.formula_terms']],
  [/^proofs\.verification_key_sha256$/, ['verification_key.sha256']],
  [/^proofs\.batches$/, ['proofs.files']],
  [/^proofs\.circuit$/, ['verification_key.circuit']],
  [/^proofs\.(protocol|curve)$/, ['manifest.format']],
];

/**
 * The two times are the operator's own record: the bundle can show their order
 * (beacon.after_commitment) but not their values, which are checked against where the data root
 * and the beacon were published. Changing a digit that keeps their order is not detectable here.
 */
const UNCHECKABLE = /^(beacon\.recorded_at|data_root_recorded_at)$/;

describe('stones verify on a proved bundle', () => {
  it('passes every check of the honest bundle', async () => {
    const result = await verify(pristine);
    // The demo beacon, allowed: the one check with nothing to check.
    expect(result.checks.filter((c) => c.status !== 'passed').map((c) => [c.name, c.nothingToCheck])).toEqual([['beacon.authenticated', true]]);
    expect(result.ok).toBe(true);
    expect(result.proofsVerified).toBe(result.batches);
    expect(result.batches).toBe(3);
    expect(result.checks.map((c) => c.name)).toEqual(BUNDLE_CHECKS.map((c) => c.name));
  });

  it('names the right check for every number changed in manifest.json', async () => {
    const manifest = readJson('manifest.json');
    const paths = numberLeaves(manifest).filter((p) => !UNCHECKABLE.test(p.join('.')));
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const field = path.join('.');
      const expected = MANIFEST_FIELDS.find(([pattern]) => pattern.test(field))?.[1];
      expect(expected, `no expectation for manifest field ${field}`).toBeDefined();
      const result = await verify(bundleWith('manifest.json', JSON.stringify(changedAt(manifest, path), null, 2)));
      expect(result.ok, field).toBe(false);
      expect(failedChecks(result), field).toEqual(expect.arrayContaining(expected as BundleCheckName[]));
    }
  }, 300_000);

  it('fails beacon.after_commitment when the beacon is dated before the data root', async () => {
    const manifest = readJson('manifest.json') as { beacon: { recorded_at: string }; data_root_recorded_at: string };
    manifest.beacon.recorded_at = new Date(Date.parse(manifest.data_root_recorded_at) - 1000).toISOString();
    expect(failedChecks(await verify(bundleWith('manifest.json', JSON.stringify(manifest))))).toEqual(['beacon.after_commitment']);
  });

  it('names formula.sha256 (or formula.format when the change makes it invalid) for every number changed in formula.json', async () => {
    const json = readJson('formula.json');
    const paths = numberLeaves(json);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const failed = failedChecks(await verify(bundleWith('formula.json', JSON.stringify(changedAt(json, path)))));
      const field = path.join('.');
      expect(failed.includes('formula.sha256') || failed.includes('formula.format'), `${field}: ${failed.join(', ')}`).toBe(true);
      if (!failed.includes('formula.format')) expect(failed, field).toContain('formula.published');
    }
  }, 120_000);

  it('names the right check for every number changed in awards.jsonl', async () => {
    const lines = readFileSync(join(pristine, 'awards.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    expect(lines.length).toBe(5);
    for (const [i, line] of lines.entries()) {
      for (const path of numberLeaves(line)) {
        const changed = lines.map((l, j) => JSON.stringify(j === i ? changedAt(line, path) : l)).join('\n');
        const failed = failedChecks(await verify(bundleWith('awards.jsonl', `${changed}\n`)));
        const field = `line ${i + 1} ${path.join('.')}`;
        // schema_version N -> N + 1: a newer format, named before any sum or root is worked out.
        const expected: BundleCheckName =
          path[0] === 'schema_version' ? 'awards.format' : path[0] === 'batch' || path[0] === 'leaf' ? 'awards.order' : 'awards.award_root';
        expect(failed, field).toContain(expected);
        if (path[0] === 'noisy_score' || path[0] === 'award') expect(failed, field).toContain('awards.sums');
        if (path[0] === 'draw_wins') expect(failed, field).toContain('awards.draw_wins');
      }
    }
  }, 120_000);

  it('names proofs.groth16 for every number changed in a proof, and proofs.statement for its public signal', async () => {
    const name = readdirSync(join(pristine, 'proofs')).sort()[1] as string;
    const proof = readJson(join('proofs', name));
    const paths = numberLeaves(proof);
    expect(paths.length).toBe(1 + 3 + 6 + 3 + 2 + 1); // schema_version, pi_a, pi_b, pi_c, 'groth16' and 'bn128', the signal
    for (const path of paths) {
      const field = `${name} ${path.join('.')}`;
      const result = await verify(bundleWith(join('proofs', name), JSON.stringify(changedAt(proof, path))));
      const failed = failedChecks(result);
      if (path[0] === 'publicSignals') expect(failed, field).toEqual(['proofs.statement']);
      else if (path[0] === 'schema_version' || path[1] === 'curve' || path[1] === 'protocol') expect(failed, field).toEqual(['proofs.format']);
      else {
        expect(failed, field).toEqual(['proofs.groth16']);
        expect(result.proofsVerified, field).toBe(2);
      }
    }
  }, 120_000);

  it('names the verification key checks for every number changed in verification_key.json', async () => {
    const key = readJson('verification_key.json');
    const paths = numberLeaves(key);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const field = path.join('.');
      const failed = failedChecks(await verify(bundleWith('verification_key.json', JSON.stringify(changedAt(key, path), null, 1))));
      if (/^(protocol|curve|nPublic)$/.test(field)) expect(failed, field).toContain('verification_key.format');
      else expect(failed, field).toEqual(expect.arrayContaining(['verification_key.sha256', 'verification_key.ceremony']));
    }
  }, 120_000);

  it('checks stats.json against the policy: a scale, a mechanism, a sensitivity, a cost or the budget changed is named', async () => {
    type Stat = { name: string; mechanism: string; scale: string; sensitivity: { l1: string }; cost: { rho: string } | null; bins?: { bin: string }[] };
    const original = readJson('stats.json') as { statistics: Stat[]; budget: { period_budget_rho: string }; policy_sha256: string };
    const edit = (change: (stats: typeof original) => void): string => {
      const copy = structuredClone(original);
      change(copy);
      return JSON.stringify(copy);
    };
    const total = (stats: typeof original): Stat => stats.statistics.find((s) => s.name === 'total_km') as Stat;
    const cases: [string, string, BundleCheckName][] = [
      [
        'a smaller scale',
        edit((s) => {
          total(s).scale = '1';
        }),
        'stats.noise',
      ],
      [
        'another mechanism',
        edit((s) => {
          total(s).mechanism = 'discrete_laplace';
        }),
        'stats.noise',
      ],
      [
        'a smaller sensitivity',
        edit((s) => {
          total(s).sensitivity.l1 = '30';
        }),
        'stats.noise',
      ],
      [
        'a cheaper cost',
        edit((s) => {
          (total(s).cost as { rho: string }).rho = '0.001';
        }),
        'stats.noise',
      ],
      [
        'a bin dropped',
        edit((s) => {
          (s.statistics.find((x) => x.name === 'trips_by_hour') as Stat).bins?.pop();
        }),
        'stats.noise',
      ],
      [
        'a statistic dropped',
        edit((s) => {
          s.statistics = s.statistics.filter((x) => x.name !== 'active_users');
        }),
        'stats.noise',
      ],
      [
        'a bigger budget',
        edit((s) => {
          s.budget.period_budget_rho = '10';
        }),
        'stats.budget',
      ],
      [
        'another policy',
        edit((s) => {
          s.policy_sha256 = '0'.repeat(64);
        }),
        'stats.format',
      ],
      ['no stats.json', 'not json', 'stats.format'],
    ];
    for (const [what, text, check] of cases) {
      expect(failedChecks(await verify(bundleWith('stats.json', text))), what).toEqual([check]);
    }
  });

  it('lists a missing proof, an extra file, and a bundle that was never proved', async () => {
    rmSync(scratch, { recursive: true, force: true });
    cpSync(pristine, scratch, { recursive: true });
    rmSync(join(scratch, 'proofs', 'batch-000001.json'));
    writeFileSync(join(scratch, 'proofs', 'batch-000009.json'), readFileSync(join(pristine, 'proofs', 'batch-000000.json')));
    const result = await verify(scratch);
    const files = result.checks.find((c) => c.name === 'proofs.files');
    expect(files?.failures).toEqual(['batch-000001.json is missing', 'batch-000009.json is not the proof of any batch of this run']);
    expect(result.proofsVerified).toBe(2);

    rmSync(join(scratch, 'proofs'), { recursive: true });
    rmSync(join(scratch, 'verification_key.json'));
    const manifest = JSON.parse(readFileSync(join(scratch, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.proofs;
    writeFileSync(join(scratch, 'manifest.json'), JSON.stringify(manifest));
    const unproved = await verify(scratch);
    expect(unproved.ok).toBe(false);
    expect(failedChecks(unproved)).toEqual(['verification_key.format', 'verification_key.sha256', 'verification_key.circuit', 'proofs.files']);
  });

  it('fails a withheld pool: the run id and data root kept, no user, no batch, the whole pool in the remainder', async () => {
    rmSync(scratch, { recursive: true, force: true });
    cpSync(pristine, scratch, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(scratch, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      pool: string;
      proofs?: { batches: number };
    };
    Object.assign(manifest, { users: 0, batches: [], total_noisy_score: '0', total_awards: '0', remainder: manifest.pool });
    if (manifest.proofs) manifest.proofs.batches = 0;
    writeFileSync(join(scratch, 'manifest.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(scratch, 'awards.jsonl'), '');
    rmSync(join(scratch, 'proofs'), { recursive: true });
    mkdirSync(join(scratch, 'proofs'));
    const result = await verify(scratch);
    expect(result.ok).toBe(false);
    expect(failedChecks(result)).toEqual(expect.arrayContaining(['data_root', 'award_root']));
  });

  it('names the check for every structural change: batches dropped, added, duplicated, reordered, emptied; owners moved; files missing, extra, huge, malformed', async () => {
    type Batch = Manifest['batches'][number];
    const manifest = readJson('manifest.json') as { batches: Batch[]; users: number };
    const withBatches = (batches: Batch[], users = manifest.users): string => JSON.stringify({ ...manifest, batches, users });
    const [first, second, third] = manifest.batches as [Batch, Batch, Batch];
    const cases: [string, () => string, BundleCheckName[]][] = [
      [
        'a batch dropped',
        () => bundleWith('manifest.json', withBatches([first, second], manifest.users - third.users)),
        ['data_root', 'award_root', 'awards.order', 'proofs.files'],
      ],
      [
        'a batch added',
        () => bundleWith('manifest.json', withBatches([first, second, third, { ...third, batch: 3 }])),
        ['batches.users', 'data_root', 'proofs.files'],
      ],
      ['a batch duplicated', () => bundleWith('manifest.json', withBatches([first, second, second])), ['batches.indices', 'data_root', 'proofs.statement']],
      ['batches reordered', () => bundleWith('manifest.json', withBatches([second, first, third])), ['batches.indices', 'data_root', 'proofs.statement']],
      [
        'a batch emptied',
        () => bundleWith('manifest.json', withBatches([first, { ...second, users: 0, noisy_sum: '0', award_sum: '0' }, third], manifest.users - second.users)),
        ['batches.users', 'total_noisy_score', 'proofs.statement'],
      ],
      [
        'an owner moved to another batch',
        () => {
          const lines = readFileSync(join(pristine, 'awards.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { batch: number; leaf: number });
          lines[0] = { ...lines[0]!, batch: 1, leaf: 1 };
          return bundleWith('awards.jsonl', `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
        },
        ['awards.order'],
      ],
      [
        'awards.jsonl missing',
        () => {
          const path = bundleWith('awards.jsonl', '');
          rmSync(join(path, 'awards.jsonl'));
          return path;
        },
        ['awards.format'],
      ],
      [
        'an extra file in proofs/',
        () => {
          const path = bundleWith('proofs/notes.txt', 'hello');
          return path;
        },
        ['proofs.files'],
      ],
      ['a huge proof file', () => bundleWith('proofs/batch-000000.json', ' '.repeat(200_000)), ['proofs.format']],
      ['a malformed manifest', () => bundleWith('manifest.json', '{"run_id": '), ['manifest.format']],
      ['a malformed awards line', () => bundleWith('awards.jsonl', 'not json\n'), ['awards.format']],
      [
        'the verification key replaced by a folder',
        () => {
          const path = bundleWith('awards.jsonl', readFileSync(join(pristine, 'awards.jsonl'), 'utf8'));
          rmSync(join(path, 'verification_key.json'));
          mkdirSync(join(path, 'verification_key.json'));
          return path;
        },
        ['verification_key.format'],
      ],
    ];
    for (const [what, make, expected] of cases) {
      const result = await verify(make());
      expect(result.ok, what).toBe(false);
      expect(failedChecks(result), what).toEqual(expect.arrayContaining(expected));
    }
  });

  it('names a field element at or above the modulus (a tag in awards.jsonl, a root in the manifest) instead of crashing', async () => {
    const lines = readFileSync(join(pristine, 'awards.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { user_tag: string });
    lines[0]!.user_tag = fieldToHex(BN254_FIELD_MODULUS);
    const badTag = await verify(bundleWith('awards.jsonl', `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`));
    expect(badTag.ok).toBe(false);
    expect(failedChecks(badTag)).toContain('awards.format');
    const manifest = readJson('manifest.json') as { data_root: string };
    manifest.data_root = `0x${'f'.repeat(64)}`;
    const badRoot = await verify(bundleWith('manifest.json', JSON.stringify(manifest)));
    expect(failedChecks(badRoot)).toContain('manifest.format');
    const awards = readFileSync(join(pristine, 'awards.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { award: string });
    awards[0]!.award = (2n ** 64n).toString();
    expect(failedChecks(await verify(bundleWith('awards.jsonl', `${awards.map((line) => JSON.stringify(line)).join('\n')}\n`)))).toContain('awards.format');
  });

  it('stock snarkjs verifies each proof file with the committed verification key, as the README shows', () => {
    const key = join(ARTIFACTS, 'verification_key.json');
    for (const name of readdirSync(join(pristine, 'proofs'))) {
      // The README's recipe: split the proof file into the two files snarkjs's CLI reads.
      const { proof, publicSignals } = JSON.parse(readFileSync(join(pristine, 'proofs', name), 'utf8')) as { proof: unknown; publicSignals: string[] };
      writeFileSync(join(dir, 'proof.json'), JSON.stringify(proof));
      writeFileSync(join(dir, 'public.json'), JSON.stringify(publicSignals));
      const stock = spawnSync(process.execPath, [SNARKJS_CLI, 'groth16', 'verify', key, join(dir, 'public.json'), join(dir, 'proof.json')], {
        encoding: 'utf8',
      });
      expect(stock.status, `${name}: ${stock.stdout}${stock.stderr}`).toBe(0);
      expect(stock.stdout).toMatch(/OK!/);
      writeFileSync(join(dir, 'public.json'), JSON.stringify([(BigInt(publicSignals[0] as string) + 1n).toString()]));
      const tampered = spawnSync(process.execPath, [SNARKJS_CLI, 'groth16', 'verify', key, join(dir, 'public.json'), join(dir, 'proof.json')], {
        encoding: 'utf8',
      });
      expect(tampered.status, name).not.toBe(0);
      expect(tampered.stdout).toMatch(/Invalid proof/);
    }
  }, 60_000);

  it('as a command: exit 0 with VERIFIED on the honest bundle, exit 1 listing every failed check by name', async () => {
    const ok = runCli(['verify', pristine, '--formula', join(dir, 'formula.json'), '--previous', previous, '--allow-demo-beacon']);
    expect(ok.status, ok.stderr).toBe(0);
    // The demo beacon, allowed, is the one check with nothing to check.
    expect(ok.stdout).toMatch(new RegExp(`^VERIFIED: ${BUNDLE_CHECKS.length - 1} checks passed \\(1 with nothing to check\\), 3 of 3 proofs valid`, 'm'));
    // Not allowed, the demo beacon is a failed check: the only one (in this process: the CLI prints the same checks).
    const strict = await verifyBundle(pristine, { poseidon, hasher, publishedFormulaSha256: formula.sha256, previousBundleDir: previous, releaseCurve: false });
    expect(failedChecks(strict)).toEqual(['beacon.authenticated']);
    expect(strict.checks.find((c) => c.name === 'beacon.authenticated')?.failures).toEqual([
      expect.stringMatching(/^the beacon is the demo beacon, derived from the data root .*--allow-demo-beacon accepts it for a demo\)$/),
    ]);
    expect(ok.stdout).toMatch(
      /^ {2}skip {2}beacon\.authenticated +the demo beacon, derived from the data root .*: accepted with --allow-demo-beacon, for a demo only$/m,
    );
    // Without the previous bundle, the link has nothing to be checked against, and says so.
    const alone = runCli(['verify', pristine, '--allow-demo-beacon']);
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/^note {4}carries on from run 2026-09-\w+ \(2026-09\): give --previous/m);
    expect(alone.stdout).toMatch(new RegExp(`^VERIFIED: ${BUNDLE_CHECKS.length - 5} checks passed \\(5 with nothing to check\\)`, 'm'));
    expect(ok.stdout.split('\n').length).toBeLessThan(55); // one screen

    const manifest = JSON.parse(readFileSync(join(pristine, 'manifest.json'), 'utf8')) as { remainder: string; batches: { noisy_sum: string }[] };
    manifest.remainder = String(BigInt(manifest.remainder) + 1n);
    (manifest.batches[0] as { noisy_sum: string }).noisy_sum = '1';
    const bad = runCli(['verify', bundleWith('manifest.json', JSON.stringify(manifest)), '--allow-demo-beacon']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(
      new RegExp(
        `^FAILED: 5 of ${BUNDLE_CHECKS.length} checks failed \\(total_noisy_score, award_sums, awards\\.sums, proofs\\.statement, proofs\\.groth16\\)`,
        'm',
      ),
    );
    expect(bad.stdout).toMatch(/FAIL {2}proofs\.groth16 +1 failure\n +batch-000000\.json: does not verify/);
  }, 240_000);
});

describe('stones verify --previous and stones verify-chain over three periods', () => {
  /** A copy of a bundle under a new name in the scratch folder, with its manifest changed. */
  function copyWithManifest(bundle: string, name: string, change: (manifest: Record<string, unknown>) => void): string {
    const copy = join(dir, 'chain-scratch', name);
    rmSync(copy, { recursive: true, force: true });
    cpSync(bundle, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    change(manifest);
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return copy;
  }

  function chainFailures(result: ChainVerification): string[] {
    return result.checks.filter((c) => c.status === 'failed').map((c) => c.name);
  }

  it('links each period to the one before: the first names none and carries 0, the next carry the remainder on', () => {
    const manifests = bundles.map((bundle) => JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest);
    expect(manifests.map((m) => m.period)).toEqual(PERIODS);
    expect(manifests[0]!.previous).toBeNull();
    expect(manifests[0]!.carried_in).toBe('0');
    for (const k of [1, 2]) {
      expect(manifests[k]!.previous).toEqual({
        run_id: manifests[k - 1]!.run_id,
        period: manifests[k - 1]!.period,
        manifest_sha256: manifestRecordSha256(manifests[k - 1]!),
      });
      expect(manifests[k]!.carried_in).toBe(manifests[k - 1]!.remainder);
    }
  });

  it('verify --previous names a bundle that is not the release carried from, and a carried remainder that does not match', async () => {
    const august = bundles[0] as string;
    const wrong = await verifyBundle(pristine, { poseidon, hasher, previousBundleDir: august, releaseCurve: false, allowDemoBeacon: true });
    expect(failedChecks(wrong)).toEqual(expect.arrayContaining(['previous.run', 'previous.period']));
    // Remainders are a few stones (the floors' leftovers): August's may equal September's by chance.
    const augustRemainder = (JSON.parse(readFileSync(join(august, 'manifest.json'), 'utf8')) as Manifest).remainder;
    expect(failedChecks(wrong).includes('previous.remainder')).toBe(augustRemainder !== (readJson('manifest.json') as unknown as Manifest).carried_in);
    // September's remainder changed in its own manifest: its record no longer hashes to what October names.
    const edited = copyWithManifest(previous, 'september-edited', (m) => {
      m.remainder = String(BigInt(m.remainder as string) + 1n);
    });
    const edit = await verifyBundle(pristine, { poseidon, hasher, previousBundleDir: edited, releaseCurve: false, allowDemoBeacon: true });
    expect(failedChecks(edit)).toEqual(['previous.run', 'previous.remainder']);
    const missing = await verifyBundle(pristine, { poseidon, hasher, previousBundleDir: join(dir, 'nowhere'), releaseCurve: false, allowDemoBeacon: true });
    expect(failedChecks(missing)).toEqual(['previous.run', 'previous.period', 'previous.remainder']);
  });

  it('verify-chain passes the three periods, and names a period missing, a period twice, and an altered remainder', async () => {
    const options = { poseidon, hasher, publishedFormulaSha256: formula.sha256, allowDemoBeacon: true };
    const honest = await verifyChain([...bundles].reverse(), options);
    expect(honest.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(honest.ok).toBe(true);
    expect(honest.totals).toMatchObject({ periods: 3, firstPeriod: '2026-08', lastPeriod: '2026-10', carriedIn: 0n, newStones: 3n * formula.formula.pool });

    const gap = await verifyChain([bundles[0]!, bundles[2]!], options);
    expect(chainFailures(gap)).toEqual(['chain.missing']);
    expect(gap.ok).toBe(false);
    const twice = await verifyChain([bundles[0]!, bundles[1]!, copyWithManifest(bundles[1]!, 'september-again', () => {}), bundles[2]!], options);
    expect(chainFailures(twice)).toEqual(['chain.duplicates']);
    // August's remainder raised by one and September's carried_in to match: August fails its own
    // sums, and September no longer names August's record.
    const august = copyWithManifest(bundles[0]!, 'august', (m) => {
      m.remainder = String(BigInt(m.remainder as string) + 1n);
    });
    const altered = await verifyChain([august, bundles[1]!, bundles[2]!], options);
    expect(chainFailures(altered)).toEqual(['chain.bundles', 'chain.links', 'chain.remainders']);
  }, 120_000);

  it('as a command over the folder of runs: exit 0 with CHAIN VERIFIED; exit 1 naming the check when a period is missing', () => {
    const ok = runCli(['verify-chain', join(dir, 'out'), '--allow-demo-beacon']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^totals {2}3 periods 2026-08 to 2026-10: carried in 0, pools 3000000, awarded \d+, remainder \d+$/m);
    expect(ok.stdout).toMatch(/^CHAIN VERIFIED: 3 bundles, 3 periods/m);
    const gap = runCli(['verify-chain', bundles[0]!, bundles[2]!, '--allow-demo-beacon']);
    expect(gap.status).toBe(1);
    expect(gap.stdout).toMatch(/^CHAIN FAILED: chain\.missing, chain\.totals;/m);
    expect(gap.stdout).toMatch(/2026-08 is followed by 2026-10: 2026-09 is missing/);
  }, 240_000);
});
