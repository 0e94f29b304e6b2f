import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { publishRun } from '../../publishing/index.js';
import { scoreRun } from '../../scoring/index.js';
import { releaseStatistics } from '../../statistics/index.js';
import { formatStatisticsSummary } from '../format-statistics-summary.js';
import { parseBeacon } from '../parse-beacon.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR, withPipelineContext } from '../pipeline-context.js';

interface ScoreOptions {
  run: string;
  beacon: string;
  db: string;
  formula: string;
  out: string;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('draw the verifiable noise of a committed run from a public beacon, compute awards, release the statistics, and write the run folder')
    .requiredOption('--run <run_id>', 'a committed run (stones commit prints it)')
    .requiredOption('--beacon <hex>', 'public randomness fixed after the data root was recorded (e.g. a beacon round or block hash)')
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--out <dir>', 'where run folders are written', DEFAULT_OUT_DIR)
    .action(async (options: ScoreOptions) => {
      const beacon = parseBeacon(options.beacon);
      await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
        const score = await scoreRun(database.connection, { runId: options.run, beacon, formula, hasher, poseidon });
        const statistics = await releaseStatistics(database.connection, { runId: options.run, formula });
        const published = await publishRun(database.connection, { runId: options.run, outDir: options.out, formula, poseidon, hasher, statistics });
        process.stdout.write(
          `scored: run ${score.runId}, ${score.users} users, S = ${score.totalNoisy}, remainder ${score.remainder} carried to the next period\n` +
            (statistics ? `${formatStatisticsSummary(statistics)}\n` : '') +
            `written: ${published.runDir}\n`,
        );
      });
    });
}
