import { defineConfig } from 'vitest/config';

// Slow suites (proofs, Redis, browser, child processes killed mid-load) are named
// `*.slow.test.ts` so a developer can run the fast ones alone: `npm run test:fast`.
const SLOW_SUITES = 'test/**/*.slow.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [SLOW_SUITES] },
      },
      {
        extends: true,
        test: { name: 'slow', include: [SLOW_SUITES], testTimeout: 120_000 },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
