import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { generateTrips, writeTripsFile } from '../../../pipeline/generate/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { CLI_PATH, REPO_ROOT } from '../../support/cli.js';
import { databaseSnapshot } from '../../support/database-snapshot.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

/** Starts `stones ingest` and SIGKILLs it once it has written every row but not committed. */
function killIngestBeforeCommit(dbPath: string, input: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, 'ingest', '--input', input, '--db', dbPath], {
      env: { ...process.env, STONES_TEST_PAUSE_BEFORE_COMMIT_MS: '60000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      if (stderr.includes('paused before commit')) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal ? resolve(signal) : reject(new Error(`ingest exited ${code} before pausing: ${stderr}`))));
  });
}

describe('a load killed mid-transaction', () => {
  it('leaves the database exactly as it was, and the file loads whole afterwards', async () => {
    const dbPath = join(tempDir(), 'stones.duckdb');
    const input = join(tempDir(), 'night.csv');
    const written = await writeTripsFile(generateTrips({ users: 300, days: 20, seed: 5 }), input);

    let database = await openDatabase(dbPath);
    await ingestFiles(database.connection, { inputs: [`${REPO_ROOT}data-samples/messy.csv`] });
    const before = await databaseSnapshot(database.connection);
    database.close();

    expect(await killIngestBeforeCommit(dbPath, input)).toBe('SIGKILL');

    database = await openDatabase(dbPath);
    expect(await databaseSnapshot(database.connection)).toEqual(before);
    const summary = await ingestFiles(database.connection, { inputs: [input] });
    expect(summary.files[0]?.status).toBe('loaded');
    expect(summary.rowsAccepted).toBe(written.rows);
    database.close();
  });
});
