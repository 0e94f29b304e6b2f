import { StonesError } from '../../pipeline/errors/index.js';

/**
 * A job of a run ended in BullMQ's failed state after its retries (a batch whose witness does
 * not satisfy the circuit, artifacts missing on a worker...). The run is marked failed with
 * the stage and this reason; `stones run --resume RUN` continues it once the cause is fixed.
 */
export class JobFailedError extends StonesError {
  readonly code = 'job_failed';
}
