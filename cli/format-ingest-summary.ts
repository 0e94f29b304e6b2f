import type { IngestSummary, IngestTotals, InputKind } from '../pipeline/ingest/index.js';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function rowCounts(totals: Pick<IngestTotals, 'rowsAccepted' | 'rowsQuarantined'>): string {
  return `${totals.rowsAccepted.toLocaleString('en-US')} rows accepted, ${totals.rowsQuarantined.toLocaleString('en-US')} quarantined`;
}

function reasonLines(totals: IngestTotals, label: string): string[] {
  return Object.entries(totals.quarantinedByReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, rows]) => `  ${label}${reason}: ${rows.toLocaleString('en-US')}`);
}

/**
 * The short report `stones ingest` prints: one line per file, then the totals and the rows
 * quarantined by reason. A batch of trips files alone reads as it always has; once an
 * enrolment or crystal event file is in the batch, its lines say `owners` or `crystals` and
 * the totals and reasons are given per kind.
 */
export function formatIngestSummary(summary: IngestSummary): string {
  const loaded = summary.files.filter((f) => f.status === 'loaded');
  const lines: string[] = [];
  for (const file of summary.files) {
    const kind = file.kind === 'trips' ? '' : `${file.kind}, `;
    if (file.status === 'already_loaded') {
      lines.push(`${file.path}: ${kind}already loaded (load ${file.loadId}, same sha256 ${file.sha256.slice(0, 12)}…): nothing changed`);
      continue;
    }
    lines.push(
      `${file.path}: ${kind}${plural(file.rowsRead, 'row')} read, ${file.rowsAccepted.toLocaleString('en-US')} accepted, ` +
        `${file.rowsQuarantined.toLocaleString('en-US')} quarantined`,
    );
    if (file.ignoredColumns.length > 0) lines.push(`  ignored extra columns: ${file.ignoredColumns.join(', ')}`);
  }
  const files = `${plural(loaded.length, 'file')} loaded, ${summary.files.length - loaded.length} already loaded`;
  const kinds = [...new Set<InputKind>(summary.files.map((f) => f.kind))];
  if (kinds.every((kind) => kind === 'trips')) {
    lines.push(`${files}; ${rowCounts(summary)}`);
    lines.push(...reasonLines(summary, ''));
    return lines.join('\n');
  }
  const order: InputKind[] = ['trips', 'owners', 'crystals'];
  const present = order.filter((kind) => kinds.includes(kind));
  lines.push(`${files}; ${present.map((kind) => `${kind}: ${rowCounts(summary.byKind[kind])}`).join('; ')}`);
  for (const kind of present) lines.push(...reasonLines(summary.byKind[kind], `${kind} `));
  return lines.join('\n');
}
