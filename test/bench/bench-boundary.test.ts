import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { filesUnder } from '../support/scan-files.js';

// The benchmarks are developer tooling outside the product: they may import pipeline/ and
// jobs/, never the other way round, and the Poseidon libraries only they compare (dev
// dependencies) must not be reachable from the product. (@noble/curves is not one of them any
// more: the product checks drand's BLS signatures with it.)
const BENCH_ONLY_LIBRARIES = ['poseidon-lite', '@iden3/js-crypto', '@lightprotocol/hasher.rs'];

function sourcesUnder(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    filesUnder(join(REPO_ROOT, folder))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => relative(REPO_ROOT, file)),
  );
}

/** The module specifiers a TypeScript source imports (static, dynamic and re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1] as string);
}

describe('the bench/ boundary', () => {
  it('no module of pipeline/, jobs/ or test/support/ imports bench/', () => {
    const offenders = sourcesUnder('pipeline', 'jobs', join('test', 'support')).filter((file) =>
      importsOf(file).some((specifier) => /^(?:\.{1,2}\/)+bench\//.test(specifier)),
    );
    expect(offenders).toEqual([]);
  });

  it('no module of pipeline/ or jobs/ imports a benchmark-only Poseidon library', () => {
    const offenders = sourcesUnder('pipeline', 'jobs').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => BENCH_ONLY_LIBRARIES.some((library) => specifier === library || specifier.startsWith(`${library}/`)))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the product build leaves bench/ out and the bench build has its own output folder', () => {
    const build = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).not.toContain('bench');
    const bench = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.bench.json'), 'utf8')) as { include: string[]; compilerOptions: { outDir: string } };
    expect(bench.include).toContain('bench');
    expect(bench.compilerOptions.outDir).not.toBe('dist');
  });
});
