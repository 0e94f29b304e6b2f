import { StonesError } from '../../pipeline/errors/index.js';

export type WitnessKeyErrorCode =
  /** No key file where this process looks for it. */
  | 'witness_key_missing'
  /** A key file others may read or write: no longer a secret shared by the coordinator and its workers only. */
  | 'witness_key_unsafe'
  /** A key file that is not 32 bytes as 64 hex digits or base64. */
  | 'witness_key_invalid'
  /** A witness sealed with another key than this process's. */
  | 'witness_key_mismatch'
  /** A witness that does not open with the right key: altered in Redis, or moved from another job. */
  | 'witness_tampered'
  /** A prove job without a sealed witness: cleared after it failed, or added by a coordinator from before sealing. */
  | 'witness_not_sealed';

/**
 * The witness key (the AES-256-GCM key coordinator and workers share so that no witness is in
 * Redis in clear) cannot be used. One line, exit 1; in a worker, the job fails with the code
 * and this line and is not retried (another attempt on the same worker would fail the same way).
 */
export class WitnessKeyError extends StonesError {
  constructor(
    readonly code: WitnessKeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
