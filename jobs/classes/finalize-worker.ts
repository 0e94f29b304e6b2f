import { Worker, type Job } from 'bullmq';
import type { FinalizeData, FinalizeResult, JobsConnection, ProveBatchResult } from '../interfaces/index.js';
import { batchOfProveJobId } from '../config/flow-job-ids.js';
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';

/** The coordinator's finalize step: writes the proofs into the bundle and checks it (pipeline functions, given by the CLI). */
export type FinalizeStep = (data: FinalizeData, proofs: ProveBatchResult[]) => Promise<FinalizeResult>;

/**
 * The coordinator's BullMQ Worker on the `finalize` queue. A finalize job becomes ready once
 * all its prove-batch children completed; this worker reads their results (kept in the parent
 * even after the children are removed), orders them by batch, checks that every batch is
 * there exactly once, and hands them to the finalize step. It runs where the bundle is (the
 * coordinator), never on a proving machine.
 */
export class FinalizeWorker {
  readonly worker: Worker<FinalizeData, FinalizeResult>;

  constructor(connection: JobsConnection, step: FinalizeStep) {
    this.worker = new Worker<FinalizeData, FinalizeResult>(QUEUE_NAMES.finalize, (job) => FinalizeWorker.finalize(job, step), {
      connection: workerConnectionOptions(connection.url, 'stones-coordinator'),
      prefix: connection.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: 1,
    });
  }

  static async finalize(job: Job<FinalizeData, FinalizeResult>, step: FinalizeStep): Promise<FinalizeResult> {
    const { runId, batches } = job.data;
    const values = await job.getChildrenValues<ProveBatchResult>();
    const proofs = new Array<ProveBatchResult | undefined>(batches).fill(undefined);
    for (const [key, value] of Object.entries(values)) {
      // Keys are `<prefix>:prove:<jobId>`.
      const batch = batchOfProveJobId(runId, key.slice(key.lastIndexOf(':') + 1));
      if (batch === undefined || batch >= batches) throw new Error(`finalize ${runId}: unexpected child ${key}`);
      if (proofs[batch] !== undefined) throw new Error(`finalize ${runId}: batch ${batch} proved twice`);
      proofs[batch] = value;
    }
    const missing = proofs.flatMap((proof, batch) => (proof === undefined ? [batch] : []));
    if (missing.length > 0) throw new Error(`finalize ${runId}: no proof of batch ${missing.join(', ')}`);
    return step(job.data, proofs as ProveBatchResult[]);
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
