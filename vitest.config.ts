import { defineConfig } from 'vitest/config';

// Slow suites (proofs, Redis, browser, child processes killed mid-load) are named
// `*.slow.test.ts` so a developer can run the fast ones alone: `npm run test:fast`.
const SLOW_SUITES = 'test/**/*.slow.test.ts';
// The benchmarks' own runs (their CLI, a real bench at a small size, the baseline circuit) are
// developer tooling outside the product: `npm run test:bench`, not part of `npm test`. Their
// pure figure and boundary tests stay in the fast project.
const BENCH_RUNS = ['test/bench/**/*.slow.test.ts', 'test/bench/bench-cli.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [SLOW_SUITES, ...BENCH_RUNS] },
      },
      {
        extends: true,
        test: { name: 'slow', include: [SLOW_SUITES], exclude: BENCH_RUNS, testTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'bench', include: BENCH_RUNS, testTimeout: 120_000 },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's default on this 2-core machine is one file at a time (cores - 1); most slow
    // suites wait on child processes (the CLI, Redis, anvil, prover threads), so two at a time
    // took the whole run from 21 to 17 minutes, inside CI's 20.
    maxWorkers: 2,
  },
});
