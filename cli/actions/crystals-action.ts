import { existsSync } from 'node:fs';
import { readCrystalHistory } from '../../pipeline/crystals/index.js';
import { openDatabase } from '../../pipeline/db/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { formatCrystalHistory } from '../format-crystal-history.js';
import { printJson } from '../print-json.js';

export interface CrystalsOptions {
  user: string;
  db: string;
  json?: boolean;
}

/** `stones crystals --user U`: the owner's crystal ledger and refused events. */
export async function crystalsAction(options: CrystalsOptions): Promise<void> {
  if (!existsSync(options.db)) throw new UsageError(`no database at ${options.db} (stones ingest creates it)`);
  // Only reads: also while a coordinator holds the database, between its nightly jobs.
  const database = await openDatabase(options.db, { whenInUse: 'read-only' });
  try {
    const history = await readCrystalHistory(database.connection, options.user);
    if (options.json) printJson(history);
    else process.stdout.write(formatCrystalHistory(history));
  } finally {
    database.close();
  }
}
