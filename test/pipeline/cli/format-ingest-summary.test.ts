import { describe, expect, it } from 'vitest';
import { formatIngestSummary } from '../../../cli/format-ingest-summary.js';
import type { FileLoadResult, IngestSummary, IngestTotals } from '../../../pipeline/ingest/index.js';

function file(overrides: Partial<FileLoadResult> & Pick<FileLoadResult, 'path' | 'kind'>): FileLoadResult {
  return {
    format: 'csv',
    sha256: 'ab'.repeat(32),
    status: 'loaded',
    loadId: 1n,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsQuarantined: 0,
    quarantinedByReason: {},
    ignoredColumns: [],
    ...overrides,
  };
}

/** A summary whose totals are the sums of its loaded files, as ingestFiles makes it. */
function summaryOf(files: FileLoadResult[]): IngestSummary {
  const totals = (of: FileLoadResult[]): IngestTotals => {
    const sum: IngestTotals = { rowsRead: 0, rowsAccepted: 0, rowsQuarantined: 0, quarantinedByReason: {} };
    for (const f of of.filter((x) => x.status === 'loaded')) {
      sum.rowsRead += f.rowsRead;
      sum.rowsAccepted += f.rowsAccepted;
      sum.rowsQuarantined += f.rowsQuarantined;
      for (const [reason, rows] of Object.entries(f.quarantinedByReason)) {
        const key = reason as keyof IngestTotals['quarantinedByReason'];
        sum.quarantinedByReason[key] = (sum.quarantinedByReason[key] ?? 0) + (rows ?? 0);
      }
    }
    return sum;
  };
  return {
    files,
    ...totals(files),
    byKind: {
      trips: totals(files.filter((f) => f.kind === 'trips')),
      owners: totals(files.filter((f) => f.kind === 'owners')),
      crystals: totals(files.filter((f) => f.kind === 'crystals')),
    },
  };
}

const TRIPS = file({ path: 'data-samples/trips.csv', kind: 'trips', rowsRead: 10098, rowsAccepted: 10098 });
const MESSY = file({
  path: 'data-samples/messy.csv',
  kind: 'trips',
  loadId: 2n,
  rowsRead: 27,
  rowsAccepted: 7,
  rowsQuarantined: 20,
  quarantinedByReason: { malformed_row: 4, missing_field: 3 },
  ignoredColumns: ['firmware'],
});
const OWNERS = file({
  path: 'data-samples/trips.owners.csv',
  kind: 'owners',
  loadId: 3n,
  rowsRead: 201,
  rowsAccepted: 200,
  rowsQuarantined: 1,
  quarantinedByReason: { bad_date: 1 },
});

describe('formatIngestSummary', () => {
  it('prints trips files as it always has', () => {
    expect(formatIngestSummary(summaryOf([TRIPS, MESSY]))).toBe(
      [
        'data-samples/trips.csv: 10,098 rows read, 10,098 accepted, 0 quarantined',
        'data-samples/messy.csv: 27 rows read, 7 accepted, 20 quarantined',
        '  ignored extra columns: firmware',
        '2 files loaded, 0 already loaded; 10,105 rows accepted, 20 quarantined',
        '  malformed_row: 4',
        '  missing_field: 3',
      ].join('\n'),
    );
  });

  it('says which files were enrolment files, and gives totals and reasons per kind', () => {
    expect(formatIngestSummary(summaryOf([MESSY, OWNERS]))).toBe(
      [
        'data-samples/messy.csv: 27 rows read, 7 accepted, 20 quarantined',
        '  ignored extra columns: firmware',
        'data-samples/trips.owners.csv: owners, 201 rows read, 200 accepted, 1 quarantined',
        '2 files loaded, 0 already loaded; trips: 7 rows accepted, 20 quarantined; owners: 200 rows accepted, 1 quarantined',
        '  trips malformed_row: 4',
        '  trips missing_field: 3',
        '  owners bad_date: 1',
      ].join('\n'),
    );
  });

  it('says so for an enrolment file already loaded', () => {
    const again = file({ ...OWNERS, status: 'already_loaded' });
    expect(formatIngestSummary(summaryOf([again]))).toBe(
      [
        `data-samples/trips.owners.csv: owners, already loaded (load 3, same sha256 ${'ab'.repeat(6)}…): nothing changed`,
        '0 files loaded, 1 already loaded; owners: 0 rows accepted, 0 quarantined',
      ].join('\n'),
    );
  });
});
