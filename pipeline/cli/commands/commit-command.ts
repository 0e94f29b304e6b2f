import { Command } from 'commander';
import { commitPeriod } from '../../commitments/index.js';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { fieldToHex } from '../../commitments/index.js';
import { computeFeatures, parsePeriod } from '../../features/index.js';
import { dailyCapsOf } from '../../scoring/index.js';
import { startedBy } from '../../history/index.js';
import { DEFAULT_FORMULA_PATH, withPipelineContext } from '../pipeline-context.js';

interface CommitOptions {
  period: string;
  tz: string;
  db: string;
  formula: string;
}

export function commitCommand(): Command {
  return new Command('commit')
    .description("compute a period's features under the formula's caps, commit them (salted Poseidon leaves, batch trees) and record the data root in `runs`")
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .action(async (options: CommitOptions) => {
      const period = parsePeriod(options.period, options.tz);
      await withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
        await computeFeatures(database.connection, { period, caps: dailyCapsOf(formula.formula) });
        const commit = await commitPeriod(database.connection, { period, formula, pepper, hasher, poseidon, startedBy: startedBy('cli:commit') });
        process.stdout.write(
          `${commit.reused ? 'already committed' : 'committed'}: run ${commit.runId}, ${commit.users} users in ${commit.batches} batches, ` +
            `data root ${fieldToHex(commit.dataRoot)}\n` +
            `next: fix a public beacon published after now, then stones score --run ${commit.runId} --beacon HEX\n`,
        );
      });
    });
}
