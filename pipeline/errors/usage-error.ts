import { StonesError } from './stones-error.js';

/** A command-line option or argument that cannot be used as given. */
export class UsageError extends StonesError {
  readonly code = 'usage';
  override readonly exitCode = 2;
}
