import { StonesError } from './stones-error.js';

/** A configuration (formula, caps, policy) that is invalid; the message names the field. */
export class ConfigError extends StonesError {
  readonly code = 'config';
}
