const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * The id of a run's `awards-ready` job: `awards-ready-<run_id>`. Fixed per run, so handing the
 * same run off again (a re-run, a second coordinator) adds no second job. BullMQ refuses `:`
 * in custom ids.
 */
export function awardsReadyJobId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new Error(`a run id used in job ids must be letters, digits, "_", "." or "-", got "${runId}"`);
  return `awards-ready-${runId}`;
}
