import { openDatabase } from '../../pipeline/db/index.js';
import { ingestFiles } from '../../pipeline/ingest/index.js';
import { formatIngestSummary } from '../format-ingest-summary.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { printJson } from '../print-json.js';
import { TerminalProgress } from '../terminal-progress.js';

export interface IngestOptions {
  input: string[];
  db: string;
  json?: boolean;
}

/** `stones ingest`: load the files, print what ended where. */
export async function ingestAction(options: IngestOptions): Promise<void> {
  const database = await openDatabase(options.db);
  const display = new TerminalProgress();
  try {
    const summary = await ingestFiles(database.connection, { inputs: options.input, progress: terminalIngestProgress(display) });
    display.stop();
    if (options.json) printJson(summary);
    else process.stdout.write(`${formatIngestSummary(summary)}\n`);
  } finally {
    display.stop();
    database.close();
  }
}
