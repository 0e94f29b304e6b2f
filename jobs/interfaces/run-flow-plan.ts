import type { FinalizeData } from './finalize-data.js';
import type { PlannedBatch } from './prove-batch-data.js';

/** What the coordinator adds for one run: one prove-batch job per batch under one finalize job. */
export interface RunFlowPlan {
  finalize: FinalizeData;
  /** In clear here; each is sealed into its job's data as the flow is added. */
  batches: PlannedBatch[];
}

/** What adding a run's flow did. */
export interface AddedRunFlow {
  /** The finalize job's id (`finalize-<runId>`). */
  parentId: string;
  /** False when the run's flow was already in Redis: nothing was added. */
  added: boolean;
  /** The prove-batch job ids, by batch. */
  childIds: string[];
}
