import type { IngestSummary } from '../ingest/index.js';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The short report `stones ingest` prints: files, rows accepted, rows quarantined by reason. */
export function formatIngestSummary(summary: IngestSummary): string {
  const loaded = summary.files.filter((f) => f.status === 'loaded');
  const lines: string[] = [];
  for (const file of summary.files) {
    if (file.status === 'already_loaded') {
      lines.push(`${file.path}: already loaded (load ${file.loadId}, same sha256 ${file.sha256.slice(0, 12)}…): nothing changed`);
      continue;
    }
    lines.push(
      `${file.path}: ${plural(file.rowsRead, 'row')} read, ${file.rowsAccepted.toLocaleString('en-US')} accepted, ` +
        `${file.rowsQuarantined.toLocaleString('en-US')} quarantined`,
    );
    if (file.ignoredColumns.length > 0) lines.push(`  ignored extra columns: ${file.ignoredColumns.join(', ')}`);
  }
  lines.push(
    `${plural(loaded.length, 'file')} loaded, ${summary.files.length - loaded.length} already loaded; ` +
      `${summary.rowsAccepted.toLocaleString('en-US')} rows accepted, ${summary.rowsQuarantined.toLocaleString('en-US')} quarantined`,
  );
  const reasons = Object.entries(summary.quarantinedByReason).sort(([a], [b]) => a.localeCompare(b));
  for (const [reason, rows] of reasons) lines.push(`  ${reason}: ${rows.toLocaleString('en-US')}`);
  return lines.join('\n');
}
