import { beginAttempt, startedBy } from '../../pipeline/history/index.js';
import { scoreStage } from '../../pipeline/run/index.js';
import { parseBeacon } from '../parse-beacon.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printJson } from '../print-json.js';
import { requireRun } from './require-run.js';

export interface ScoreOptions {
  run: string;
  beacon: string;
  db: string;
  formula: string;
  json?: boolean;
}

/** `stones score`: the score stage of a committed run, and nothing after it. */
export async function scoreAction(options: ScoreOptions): Promise<void> {
  const beacon = parseBeacon(options.beacon);
  await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
    // Recorded in run_stages like the embedded run (the run must exist: scoreRun refuses it otherwise).
    await requireRun(database.connection, options.run);
    const attempt = await beginAttempt(database.connection, options.run, startedBy('cli:score'));
    const { score } = await scoreStage(database.connection, attempt, { beacon, formula, hasher, poseidon });
    if (options.json) {
      printJson({
        run_id: score.runId,
        reused: score.reused,
        users: score.users,
        total_noisy: score.totalNoisy,
        remainder: score.remainder,
        draw: { stones: score.draw.stones, total: score.draw.total, entrants: score.draw.entrants, entries: score.draw.entries, won: score.draw.won },
      });
      return;
    }
    process.stdout.write(
      `scored: run ${score.runId}, ${score.users} users, S = ${score.totalNoisy}, remainder ${score.remainder} carried to the next period\n` +
        `draw: ${score.draw.entrants} entrants with ${score.draw.entries} entries, ${score.draw.won} of ${score.draw.stones} stones won (W = ${score.draw.total})\n` +
        `next: stones publish --run ${score.runId}\n`,
    );
  });
}
