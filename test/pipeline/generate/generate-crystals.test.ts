import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { generateCrystals, generateOwners, writeCrystalsFile } from '../../../pipeline/generate/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const OPTIONS = { users: 60, days: 31, seed: 11, start: '2026-10-01' };

describe('generated crystal events', () => {
  it('are never overdrawn, spend on the draw of their month, and belong to enrolled owners after they enrolled', () => {
    for (const seed of [1, 2, 3, 2026]) {
      const enrolled = new Map([...generateOwners({ ...OPTIONS, seed })].map((o) => [o.user_id, o.enrolled_on]));
      const balances = new Map<string, number>();
      const events = [...generateCrystals({ ...OPTIONS, seed })];
      expect(events.some((e) => e.kind === 'spent')).toBe(true);
      const ordered = [...events].sort((a, b) =>
        a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : a.at.localeCompare(b.at) || a.event_id.localeCompare(b.event_id),
      );
      for (const event of ordered) {
        const balance = (balances.get(event.user_id) ?? 0) + (event.kind === 'earned' ? event.amount : -event.amount);
        expect(balance).toBeGreaterThanOrEqual(0);
        balances.set(event.user_id, balance);
        expect(event.draw).toBe(event.kind === 'spent' ? event.at.slice(0, 7) : null);
        expect(Number.isInteger(event.amount) && event.amount > 0).toBe(true);
        const enrolledOn = enrolled.get(event.user_id);
        expect(enrolledOn).toBeDefined();
        expect(event.at.slice(0, 10) >= (enrolledOn as string)).toBe(true);
      }
      expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    }
  });

  it('are seeded: the same options give the same events, and fewer users the first of them', () => {
    const all = [...generateCrystals(OPTIONS)];
    expect([...generateCrystals(OPTIONS)]).toEqual(all);
    const fewer = [...generateCrystals({ ...OPTIONS, users: 20 })];
    expect(fewer.length).toBeGreaterThan(0);
    expect(all.slice(0, fewer.length)).toEqual(fewer);
    expect([...generateCrystals({ ...OPTIONS, seed: 12 })]).not.toEqual(all);
  });

  it('load with nothing quarantined and the same events from every format', async () => {
    const loaded: unknown[] = [];
    for (const extension of ['csv', 'jsonl', 'parquet', 'arrow']) {
      const path = join(tempDir(), `c.crystals.${extension}`);
      const written = await writeCrystalsFile(generateCrystals(OPTIONS), path);
      const database = await openDatabase(':memory:');
      const summary = await ingestFiles(database.connection, { inputs: [path] });
      expect(summary.files[0]).toMatchObject({ kind: 'crystals', rowsRead: written.rows, rowsAccepted: written.rows, rowsQuarantined: 0 });
      loaded.push(
        (
          await database.connection.runAndReadAll(
            'SELECT event_id, user_id, epoch_ms(occurred_at) AS at, kind, amount, draw FROM crystal_events ORDER BY event_id',
          )
        ).getRowsJson(),
      );
      database.close();
    }
    for (const other of loaded.slice(1)) expect(other).toEqual(loaded[0]);
  });
});
