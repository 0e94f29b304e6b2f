import { StonesError } from './stones-error.js';

export type InputFileErrorCode = 'input_not_found' | 'input_unreadable' | 'input_unsupported_format' | 'input_no_header';

/** An input file that cannot be loaded at all (as opposed to a bad row, which is quarantined). */
export class InputFileError extends StonesError {
  constructor(
    readonly code: InputFileErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}
