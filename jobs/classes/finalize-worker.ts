import { Worker, type Job } from 'bullmq';
import type { FinalizeData, FinalizeResult, JobsConnection, ProveBatchResult } from '../interfaces/index.js';
import { batchOfProveJobId } from '../config/flow-job-ids.js';
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';

/** A proved batch, as the finalize step receives it. */
interface ProvedBatch {
  batch: number;
  result: ProveBatchResult;
}

/** The coordinator's finalize step: writes the proofs into the bundle (pipeline functions, given by the CLI). */
export type FinalizeStep = (data: FinalizeData, proofs: ProvedBatch[]) => Promise<FinalizeResult>;

/**
 * The coordinator's BullMQ Worker on the `finalize` queue. A finalize job becomes ready once
 * all its prove-batch children completed; this worker reads their results (kept in the parent
 * even after the children are removed), checks that every batch of the flow is there exactly
 * once and no other, and hands them, by batch, to the finalize step. It runs where the bundle
 * is (the coordinator), never on a proving machine.
 */
export class FinalizeWorker {
  readonly worker: Worker<FinalizeData, FinalizeResult>;

  constructor(connection: JobsConnection, step: FinalizeStep) {
    this.worker = new Worker<FinalizeData, FinalizeResult>(QUEUE_NAMES.finalize, (job) => FinalizeWorker.finalize(job, step), {
      connection: workerConnectionOptions(connection.url, 'stones-coordinator'),
      prefix: connection.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: 1,
    });
    // Without a listener an 'error' (Redis gone for a while) would be thrown; the worker reconnects by itself.
    this.worker.on('error', () => undefined);
  }

  static async finalize(job: Job<FinalizeData, FinalizeResult>, step: FinalizeStep): Promise<FinalizeResult> {
    const { runId, batchIndices } = job.data;
    const expected = new Set(batchIndices);
    const values = await job.getChildrenValues<ProveBatchResult>();
    const proofs = new Map<number, ProveBatchResult>();
    for (const [key, value] of Object.entries(values)) {
      // Keys are `<prefix>:prove:<jobId>`.
      const batch = batchOfProveJobId(runId, key.slice(key.lastIndexOf(':') + 1));
      if (batch === undefined || !expected.has(batch)) throw new Error(`finalize ${runId}: unexpected child ${key}`);
      if (proofs.has(batch)) throw new Error(`finalize ${runId}: batch ${batch} proved twice`);
      proofs.set(batch, value);
    }
    const missing = batchIndices.filter((batch) => !proofs.has(batch));
    if (missing.length > 0) throw new Error(`finalize ${runId}: no proof of batch ${missing.join(', ')}`);
    return step(
      job.data,
      [...proofs.entries()].sort(([a], [b]) => a - b).map(([batch, result]) => ({ batch, result })),
    );
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
