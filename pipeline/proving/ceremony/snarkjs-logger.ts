import type { SnarkjsLogger } from 'snarkjs';

/**
 * A snarkjs logger that keeps every info/warn/error line (contribution hashes are printed over
 * several lines) and passes warnings and errors on, so a `false` or `-1` result can be explained.
 */
export interface CapturingLogger extends SnarkjsLogger {
  lines: string[];
  /** The last error snarkjs logged, on one line. */
  lastError(): string | undefined;
}

export function capturingLogger(onWarning?: (line: string) => void): CapturingLogger {
  const lines: string[] = [];
  let lastError: string | undefined;
  return {
    lines,
    debug: () => {},
    // snarkjs's powersoftau_new calls logger.log (progress every 100,000 points, from power 16 up).
    log: () => {},
    info: (message) => void lines.push(String(message)),
    warn: (message) => {
      lines.push(String(message));
      onWarning?.(String(message));
    },
    error: (message) => {
      lines.push(String(message));
      lastError = String(message).replace(/\s+/g, ' ').trim();
    },
    lastError: () => lastError,
  };
}
