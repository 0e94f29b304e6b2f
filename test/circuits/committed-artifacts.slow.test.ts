import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCircuit } from '../../circuits/build-circuit.mjs';
import type { CeremonyTranscript } from '../../pipeline/proving/ceremony/index.js';
import { instanceName } from '../../pipeline/proving/prove/artifacts-instance.js';
import { loadFormula, publishedFormulaPath } from '../../pipeline/scoring/index.js';

// CI's guard against drift: every committed set of ceremony artifacts (<folder>/artifacts/<name>/)
// must belong to the circuit as it compiles TODAY from <folder>/instances/<name>.circom, with its
// transcript in <folder>/ceremony/<name>.json. The folders: circuits/ (the product's circuits)
// and, with `npm run test:bench` (STONES_BENCH_ARTIFACTS=1), bench/circuits/ (the baseline of
// `npm run bench -- prove`). A change to a circuit's source without a new ceremony fails here, by name.

const REPO = new URL('../../', import.meta.url).pathname;
const FOLDERS = process.env.STONES_BENCH_ARTIFACTS === '1' ? [join('bench', 'circuits')] : ['circuits'];
const CIRCUITS = FOLDERS.flatMap((folder) =>
  readdirSync(join(REPO, folder, 'artifacts'))
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => ({ folder, name })),
);
const outDir = mkdtempSync(join(tmpdir(), 'stones-artifacts-'));

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const namesIn = (folder: string): string[] => CIRCUITS.filter((circuit) => circuit.folder === folder).map((circuit) => circuit.name);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('committed ceremony artifacts', () => {
  it('include the published formula instance and the test instance in circuits/, the bench baseline in bench/circuits/', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    if (FOLDERS.includes('circuits')) expect(namesIn('circuits')).toEqual(expect.arrayContaining([instanceName(formula), 'batch-award-v2-b2-n128']));
    else expect(namesIn(join('bench', 'circuits'))).toEqual(expect.arrayContaining(['single-award-v2-d20-n128']));
  });

  for (const { folder, name } of CIRCUITS) {
    it(`${folder}/artifacts/${name}: the r1cs of today's source, and the files the transcript lists`, async () => {
      const dir = join(REPO, folder, 'artifacts', name);
      const source = `${folder}/instances/${name}.circom`;
      expect(existsSync(join(REPO, source)), `${source} (the instance these artifacts were made for)`).toBe(true);
      const built = await buildCircuit({ source, outDir: join(outDir, name), sym: false });
      const r1csSha = sha256(built.r1csPath);
      expect(readFileSync(join(dir, 'r1cs.sha256'), 'utf8').split(/\s+/)[0], `${name}: the circuit changed since its ceremony`).toBe(r1csSha);
      const transcript = JSON.parse(readFileSync(join(REPO, folder, 'ceremony', `${name}.json`), 'utf8')) as CeremonyTranscript;
      expect(transcript.circuit).toBe(name);
      expect(transcript.r1cs.sha256).toBe(r1csSha);
      expect(sha256(join(dir, 'circuit.wasm'))).toBe(transcript.artifacts.wasm.sha256);
      expect(sha256(join(dir, 'circuit.zkey'))).toBe(transcript.artifacts.zkey.sha256);
      expect(sha256(join(dir, 'verification_key.json'))).toBe(transcript.artifacts.verificationKey.sha256);
      expect(sha256(built.wasmPath), `${name}: the witness generator compiles differently`).toBe(transcript.artifacts.wasm.sha256);
    }, 300_000);
  }
});
