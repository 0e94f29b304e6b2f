import type { ProveRunResult } from '../pipeline/proving/prove/index.js';

/**
 * `proved: 7 batches with batch-award-v3-b32-n128 on 2 threads in 33.0 s (9.4 s per proof)`, or
 * `by stones workers` when the batches were proved through BullMQ (threads 0),
 * saying how many proofs of an earlier publish of the same run were kept (checked, not proved again).
 */
export function formatProveSummary(result: ProveRunResult, options: { withRunId?: boolean } = {}): string {
  const head = options.withRunId ? `proved: run ${result.runId}, ` : 'proved: ';
  const fresh = result.batches - result.reused;
  const seconds = (result.totalMs / 1000).toFixed(1);
  if (fresh === 0 && result.batches > 0) {
    return `${head}${result.batches} batches with ${result.circuit}: all ${result.reused} proofs kept from the last publish of this run (each checked) in ${seconds} s`;
  }
  const mean = result.batchMs.reduce((a, b) => a + b, 0) / Math.max(1, fresh);
  const kept = result.reused > 0 ? `; ${result.reused} kept from the last publish of this run` : '';
  const where = result.threads === 0 ? 'by stones workers' : `on ${result.threads} threads`;
  return `${head}${result.batches} batches with ${result.circuit} ${where} in ${seconds} s (${(mean / 1000).toFixed(1)} s per proof${kept})`;
}
