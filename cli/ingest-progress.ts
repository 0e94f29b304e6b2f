import { basename } from 'node:path';
import type { IngestProgress } from '../pipeline/ingest/index.js';
import type { TerminalProgress } from './terminal-progress.js';

/** Ingest progress on a terminal: which file of how many, its size, time spent on it. */
export function terminalIngestProgress(display: TerminalProgress): IngestProgress {
  return {
    fileStarted(index, total, path, bytes) {
      display.start(`ingest [${index + 1}/${total}] ${basename(path)} (${(bytes / 1e6).toFixed(1)} MB)`);
    },
    fileFinished() {
      display.stop();
    },
  };
}
