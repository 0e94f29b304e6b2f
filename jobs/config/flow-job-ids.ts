/**
 * Deterministic job ids of a run's flow, from run, stage and batch: adding the same run twice,
 * or retrying the add, gives the same ids, and BullMQ ignores an add whose id already exists.
 * BullMQ refuses `:` in custom ids (and an id that is only digits would clash with its own).
 */

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function checkedRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new Error(`a run id used in job ids must be letters, digits, "_", "." or "-", got "${runId}"`);
  return runId;
}

/** `finalize-<runId>`: the parent job of a run's proofs. */
export function finalizeJobId(runId: string): string {
  return `finalize-${checkedRunId(runId)}`;
}

/** `prove-<runId>-b000042`: the prove-batch job of one batch. */
export function proveBatchJobId(runId: string, batch: number): string {
  if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`a batch index is a non-negative integer, got ${batch}`);
  return `prove-${checkedRunId(runId)}-b${String(batch).padStart(6, '0')}`;
}

/** The batch index of a prove-batch job id of `runId`, or undefined for any other id. */
export function batchOfProveJobId(runId: string, jobId: string | undefined): number | undefined {
  const match = /^prove-(.+)-b([0-9]{6,})$/.exec(jobId ?? '');
  return match && match[1] === runId ? Number(match[2]) : undefined;
}
