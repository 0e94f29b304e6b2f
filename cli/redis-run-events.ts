// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { redactRedisUrl } from '../jobs/index.js';
import type { FlowProverEvents } from './flow-prover.js';
import { progressBar } from './progress-bar.js';
import type { TerminalProgress } from './terminal-progress.js';

/** What `stones run --redis` (and its --resume) prints while its flow is proved: the flow line, a progress bar, a flow added again. */
export function redisRunEvents(url: string, prefix: string, display: TerminalProgress): FlowProverEvents {
  const where = `Redis ${redactRedisUrl(url)}, prefix ${prefix}`;
  return {
    onFlow: ({ runId, parentId, added, batches, proving }) => {
      display.stop();
      const kept = batches - proving;
      const keptNote = kept > 0 ? ` (${kept} of ${batches} batches already proved)` : '';
      process.stdout.write(
        added
          ? `flow: run ${runId}, ${proving} prove-batch jobs under ${parentId}${keptNote} (${where}); waiting for stones workers\n`
          : `flow: run ${runId} is already in Redis (${parentId}, ${where}); following it\n`,
      );
      display.start('proving');
    },
    onProved: ({ proved, batches }) => display.update(progressBar(proved, batches, 'batches proved')),
    onAddedAgain: ({ runId, proving }) => {
      display.stop();
      process.stdout.write(`flow: run ${runId} was gone from Redis before it was finalized; ${proving} unproved batches added again\n`);
      display.start('proving');
    },
  };
}
