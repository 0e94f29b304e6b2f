// The layers of stones, checked in CI (`npm run lint`): the stages in pipeline/ are plain
// functions that neither the job layer (jobs/), the command line (cli/), the benchmarks
// (bench/) nor the tests may leak back into; the browser-safe entries (formats, verify) reach
// no Node built-in and no native package.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
    {
      name: 'pipeline-stays-below',
      severity: 'error',
      comment: 'pipeline/ holds the stages: it never imports the job layer, the CLI, benchmarks or tests',
      from: { path: '^pipeline/' },
      to: { path: '^(jobs|cli|bench|test)/' },
    },
    {
      name: 'jobs-below-cli',
      severity: 'error',
      comment: 'the job layer distributes stages; the CLI, benchmarks and tests sit above it',
      from: { path: '^jobs/' },
      to: { path: '^(cli|bench|test)/' },
    },
    {
      name: 'product-not-bench',
      severity: 'error',
      comment: 'benchmarks are developer tooling: nothing in the product or in test support imports them',
      from: { path: '^(cli|pipeline|jobs|test/support)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'product-not-dev-dependency',
      severity: 'error',
      comment: 'the product runs with its dependencies only (benchmark libraries are dev dependencies)',
      from: { path: '^(cli|pipeline|jobs)/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'browser-safe-entries',
      severity: 'error',
      comment: 'stones/formats and stones/verify run in a browser: no Node built-in (what they reach further down, a test bundles for the browser)',
      from: { path: '^pipeline/(formats|verification)/', pathNot: '^pipeline/verification/node/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-safe-entries-no-native',
      severity: 'error',
      comment: 'stones/formats and stones/verify run in a browser: no DuckDB, no job queue, no worker pool',
      from: { path: '^pipeline/(formats|verification)/', pathNot: '^pipeline/verification/node/' },
      to: { path: 'node_modules/(@duckdb|bullmq|ioredis|apache-arrow|piscina)/' },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
