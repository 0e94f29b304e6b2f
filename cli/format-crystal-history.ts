import type { CrystalHistory } from '../pipeline/crystals/index.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  return rows.map((row) => `  ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')}`.trimEnd());
}

/** The text `stones crystals --user U` prints: the ledger with running balances, then the refused rows. */
export function formatCrystalHistory(history: CrystalHistory): string {
  const enrolment = history.enrolled ? 'enrolled' : 'not enrolled';
  const lines = [`${history.userId} (${enrolment}): balance ${history.balance}, ${history.events.length} accepted events`];
  if (history.events.length > 0) {
    lines.push(
      ...table([
        ['at', 'event', 'kind', 'amount', 'draw', 'balance'],
        ...history.events.map((e) => [e.at, e.eventId, e.kind, `${e.kind === 'spent' ? '-' : '+'}${e.amount}`, e.draw ?? '', String(e.balance)]),
      ]),
    );
  }
  if (history.quarantined.length > 0) {
    lines.push(`quarantined: ${history.quarantined.length}`);
    lines.push(...table(history.quarantined.map((q) => [`${q.source}:${q.line}`, q.reason, q.raw ?? ''])));
  }
  return `${lines.join('\n')}\n`;
}
