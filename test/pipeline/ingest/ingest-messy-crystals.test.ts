import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { CRYSTAL_QUARANTINE_REASON_CODES, ingestFiles } from '../../../pipeline/ingest/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { documentedBadLines } from '../../support/documented-bad-lines.js';

const MESSY_CRYSTALS = `${REPO_ROOT}data-samples/messy-crystals.csv`;

describe('ingest of data-samples/messy-crystals.csv', () => {
  it('quarantines exactly the documented lines with their documented reasons, accepts the others, and loses none', async () => {
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, { inputs: [MESSY_CRYSTALS] });
    expect(summary.files[0]).toMatchObject({ kind: 'crystals', ignoredColumns: ['channel'] });
    const expected = documentedBadLines('messy-crystals.csv');
    expect(expected.size).toBe(17);
    const quarantined = (await database.connection.runAndReadAll('SELECT line, reason FROM quarantine ORDER BY line')).getRows();
    expect(new Map(quarantined.map(([line, reason]) => [Number(line), String(reason)]))).toEqual(expected);
    const accepted = (await database.connection.runAndReadAll('SELECT line, event_id FROM crystal_events ORDER BY line')).getRows();
    expect(accepted.map(([line, id]) => [Number(line), String(id)])).toEqual([
      [2, 'c001'],
      [3, 'c002'],
      [20, 'c018'],
      [21, 'c019'],
      [23, 'c004'],
    ]);
    const rows = readFileSync(MESSY_CRYSTALS, 'utf8')
      .split('\n')
      .slice(1, -1)
      .filter((line) => line !== '').length;
    expect(summary.rowsRead).toBe(rows);
    expect(summary.rowsAccepted + summary.rowsQuarantined).toBe(rows);
    database.close();
  });

  it('covers every crystal reason code but draw_closed (which needs a scored run of the period: test/pipeline/ingest/crystals.test.ts)', () => {
    expect([...new Set(documentedBadLines('messy-crystals.csv').values())].sort()).toEqual(
      CRYSTAL_QUARANTINE_REASON_CODES.filter((code) => code !== 'draw_closed').sort(),
    );
  });
});
