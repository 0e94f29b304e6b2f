/**
 * Errors a user can cause. The CLI prints `stones: <code>: <message>` on one line and exits
 * with `exitCode`; anything that is not a StonesError is an internal fault and keeps its stack.
 */
export abstract class StonesError extends Error {
  abstract readonly code: string;
  readonly exitCode: number = 1;
  /**
   * True for a condition that may pass by itself (a service not answering yet): a scheduled
   * job retries it. The others need the user to fix something, and retrying would fail again.
   */
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
