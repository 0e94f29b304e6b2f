import { commitPeriod, fieldToHex } from '../../pipeline/commitments/index.js';
import { computeFeatures, parsePeriod } from '../../pipeline/features/index.js';
import { startedBy } from '../../pipeline/history/index.js';
import { dailyCapsOf } from '../../pipeline/scoring/index.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printJson } from '../print-json.js';

export interface CommitOptions {
  period: string;
  tz: string;
  db: string;
  formula: string;
  json?: boolean;
}

/** `stones commit`: features under the formula's caps, commitments, the data root in `runs`. */
export async function commitAction(options: CommitOptions): Promise<void> {
  const period = parsePeriod(options.period, options.tz);
  await withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
    await computeFeatures(database.connection, { period, caps: dailyCapsOf(formula.formula) });
    const commit = await commitPeriod(database.connection, { period, formula, pepper, hasher, poseidon, startedBy: startedBy('cli:commit') });
    if (options.json) {
      printJson({
        run_id: commit.runId,
        period: period.id,
        time_zone: period.timeZone,
        reused: commit.reused,
        users: commit.users,
        batches: commit.batches,
        data_root: fieldToHex(commit.dataRoot),
      });
      return;
    }
    process.stdout.write(
      `${commit.reused ? 'already committed' : 'committed'}: run ${commit.runId}, ${commit.users} users in ${commit.batches} batches, ` +
        `data root ${fieldToHex(commit.dataRoot)}\n` +
        `next: fix a public beacon published after now, then stones score --run ${commit.runId} --beacon HEX\n`,
    );
  });
}
