import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { useTempDir } from '../support/temp-dir.js';

const tempDir = useTempDir('stones-layers-');

/** dependency-cruiser with the project's rules over a made-up tree: its error lines, or none. */
function cruise(files: Record<string, string>): string[] {
  const dir = tempDir();
  copyFileSync(join(REPO_ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module', dependencies: { zod: '*' }, devDependencies: { esbuild: '*' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'pipeline', 'jobs', 'cli', 'bench', '--output-type', 'err'],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout)
      .split('\n')
      .filter((line) => line.trim().startsWith('error'))
      .map((line) => line.trim());
  }
}

describe('the layer rules CI enforces (.dependency-cruiser.cjs)', () => {
  it('passes a tree that keeps its layers', () => {
    expect(
      cruise({
        'pipeline/stage.ts': 'export const stage = (): number => 1;\n',
        'jobs/worker.ts': "import { stage } from '../pipeline/stage.js';\nexport const work = stage;\n",
        'cli/main.ts': "import { work } from '../jobs/worker.js';\nimport { stage } from '../pipeline/stage.js';\nexport const main = [work, stage];\n",
        'bench/bench.ts': "import { stage } from '../pipeline/stage.js';\nimport { build } from 'esbuild';\nexport const b = [stage, build];\n",
      }),
    ).toEqual([]);
  }, 60_000);

  it('fails each break of a layer, by rule', () => {
    const errors = cruise({
      'pipeline/a.ts': "import { b } from './b.js';\nexport const a = (): unknown => b;\n",
      'pipeline/b.ts': "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
      'pipeline/up.ts': "import { work } from '../jobs/worker.js';\nexport const up = work;\n",
      'pipeline/cli-up.ts': "import { main } from '../cli/main.js';\nexport const up = main;\n",
      'pipeline/dev.ts': "import { build } from 'esbuild';\nexport const dev = build;\n",
      'pipeline/formats/file.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'jobs/worker.ts': "import { x } from '../bench/x.js';\nexport const work = x;\n",
      'cli/main.ts': 'export const main = 1;\n',
      'bench/x.ts': 'export const x = 1;\n',
    });
    const rules = new Set(errors.map((line) => line.split(':')[0]?.replace(/^error /, '')));
    expect([...rules].sort()).toEqual([
      'browser-safe-entries',
      'jobs-below-cli',
      'no-circular',
      'pipeline-stays-below',
      'product-not-bench',
      'product-not-dev-dependency',
    ]);
    expect(errors.some((line) => line.includes('pipeline/cli-up.ts → cli/main.ts'))).toBe(true);
  }, 60_000);
});
