import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCircuit } from '../../circuits/build-circuit.mjs';
import { instanceName } from '../../pipeline/proving/prove/artifacts-instance.js';
import { loadFormula, publishedFormulaPath } from '../../pipeline/scoring/index.js';
import { expectCommittedArtifactsOf } from './support/committed-artifacts.js';

// CI's guard against drift: every committed set of ceremony artifacts (<folder>/artifacts/<name>/)
// must belong to the circuit as it compiles TODAY from <folder>/instances/<name>.circom, with its
// transcript in <folder>/ceremony/<name>.json. The folders: circuits/ (the product's circuits)
// and, with `npm run test:bench` (STONES_BENCH_ARTIFACTS=1), bench/circuits/ (the baseline of
// `npm run bench -- prove`). A change to a circuit's source without a new ceremony fails here, by name.
// The test instance's artifacts are checked by test/circuits/batch-award.slow.test.ts against the
// build of that instance it compiles anyway (one compile fewer in CI).

const REPO = new URL('../../', import.meta.url).pathname;
/** Checked by batch-award.slow.test.ts with the build it makes of it. */
const TEST_INSTANCE = 'batch-award-v3-b2-n128';
const FOLDERS = process.env.STONES_BENCH_ARTIFACTS === '1' ? [join('bench', 'circuits')] : ['circuits'];
const CIRCUITS = FOLDERS.flatMap((folder) =>
  readdirSync(join(REPO, folder, 'artifacts'))
    .filter((name) => !name.startsWith('.') && name !== TEST_INSTANCE)
    .sort()
    .map((name) => ({ folder, name })),
);
const outDir = mkdtempSync(join(tmpdir(), 'stones-artifacts-'));

const namesIn = (folder: string): string[] => CIRCUITS.filter((circuit) => circuit.folder === folder).map((circuit) => circuit.name);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('committed ceremony artifacts', () => {
  it('include the published formula instance and the test instance in circuits/, the bench baseline in bench/circuits/', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    if (FOLDERS.includes('circuits')) {
      expect(namesIn('circuits')).toEqual(expect.arrayContaining([instanceName(formula)]));
      expect(existsSync(join(REPO, 'circuits', 'artifacts', TEST_INSTANCE, 'circuit.zkey'))).toBe(true);
    } else expect(namesIn(join('bench', 'circuits'))).toEqual(expect.arrayContaining(['single-award-v3-d20-n128']));
  });

  for (const { folder, name } of CIRCUITS) {
    it(`${folder}/artifacts/${name}: the r1cs of today's source, and the files the transcript lists`, async () => {
      const built = await buildCircuit({ source: `${folder}/instances/${name}.circom`, outDir: join(outDir, name), sym: false });
      expectCommittedArtifactsOf(folder, name, built);
    }, 300_000);
  }
});
