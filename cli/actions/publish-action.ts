import { UsageError } from '../../pipeline/errors/index.js';
import { beginAttempt, startedBy } from '../../pipeline/history/index.js';
import { publishStages } from '../../pipeline/run/index.js';
import { formatStatisticsSummary } from '../format-statistics-summary.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printJson } from '../print-json.js';
import { requireRun } from './require-run.js';

export interface PublishOptions {
  run: string;
  db: string;
  formula: string;
  out: string;
  json?: boolean;
}

/** `stones publish`: the statistics and publish stages of a scored run. */
export async function publishAction(options: PublishOptions): Promise<void> {
  await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
    const { scored } = await requireRun(database.connection, options.run);
    if (!scored) throw new UsageError(`run ${options.run} is not scored yet: stones score --run ${options.run} --beacon HEX first`);
    const users = await database.connection.runAndReadAll('SELECT users FROM runs WHERE run_id = $1', [options.run]);
    const attempt = await beginAttempt(database.connection, options.run, startedBy('cli:publish'));
    const { statistics, publish } = await publishStages(database.connection, attempt, {
      formula,
      outDir: options.out,
      hasher,
      poseidon,
      users: Number(users.getRows()[0]?.[0]),
    });
    if (options.json) {
      printJson({ run_id: options.run, statistics: statistics ?? null, run_dir: publish.runDir });
      return;
    }
    process.stdout.write(`${statistics ? `${formatStatisticsSummary(statistics)}\n` : ''}written: ${publish.runDir}\n`);
  });
}
