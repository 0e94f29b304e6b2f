import { StonesError } from './stones-error.js';

/**
 * The beacon source gave no usable beacon (its command failed, timed out or printed something
 * that is not 1 to 64 hex digits). The run stays committed and unscored; a scheduled job retries.
 */
export class BeaconError extends StonesError {
  readonly code = 'beacon_unavailable';
  override readonly retryable = true;
}
