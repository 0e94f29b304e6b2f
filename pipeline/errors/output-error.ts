import { StonesError } from './stones-error.js';

/** An output folder that cannot be written (not a directory, no permission, disk full). */
export class OutputError extends StonesError {
  readonly code = 'output';
}
