import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

// The benchmark CLI as `npm run bench` runs it: the compiled dist-bench/bench/main.js, built
// here (tsconfig.bench.json) since only the bench project needs it. The product's `stones` has no bench command any more.

const BENCH_MAIN = fileURLToPath(new URL('../../dist-bench/bench/main.js', import.meta.url));
const BENCHMARKS = ['ingest', 'features', 'commit', 'noise', 'poseidon', 'privacy', 'prove', 'jobs'];

beforeAll(() => {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}, 120_000);

function runBench(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BENCH_MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('the benchmark CLI', { timeout: 90_000 }, () => {
  it('lists every benchmark and has --help for each', () => {
    const help = runBench(['--help']);
    expect(help.status).toBe(0);
    for (const name of BENCHMARKS) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${name} `, 'm'));
      const result = runBench([name, '--help']);
      expect(result.status, name).toBe(0);
      expect(result.stdout).toContain(`Usage: bench ${name}`);
    }
  });

  it('runs a benchmark and prints its table on stdout', () => {
    const result = runBench(['privacy', '--ms', '2', '--repeats', '1']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sampler\s+parameter\s+exact\s+naive float Laplace\s+naive \/ exact\s+within \d+x$/m);
  });

  it('turns a bad option into one line on stderr and a non-zero exit', () => {
    const bad = runBench(['privacy', '--ms', 'ten']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toEqual(['bench: usage: --ms must be a positive whole number, got "ten"']);
    const unknown = runBench(['frobnicate']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/^bench: usage: unknown command 'frobnicate'/);
  });
});

describe('the stones product CLI', () => {
  it('has no bench command', () => {
    const result = runCli(['bench']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/^stones: usage: unknown command 'bench'/);
  });
});
