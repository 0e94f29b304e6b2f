import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile, renderSql } from '../db/index.js';

/** One event of an owner's ledger, in ledger order (at, then event_id). */
export interface LedgerEvent {
  readonly kind: 'earned' | 'spent';
  readonly amount: number;
  /** The candidate's row in checked_rows; null for an event accepted by an earlier load. */
  readonly rowId: bigint | null;
}

/** Whether the running balance stays >= 0 at every included event from `from` on (earlier ones do not change). */
function balancedFrom(ledger: readonly LedgerEvent[], included: readonly boolean[], from: number): boolean {
  let balance = 0;
  for (const [k, event] of ledger.entries()) {
    if (!included[k]) continue;
    balance += event.kind === 'earned' ? event.amount : -event.amount;
    if (k >= from && balance < 0) return false;
  }
  return true;
}

/**
 * The new spends of one owner that must be refused as insufficient_crystals. Events accepted
 * before stay, whatever this file holds, and new earnings are always taken (they only raise
 * the balance). New spends are judged one at a time in ledger order, each against the
 * events accepted so far: it is taken only if the balance stays >= 0 at its own moment and
 * at every later event, so a late-arriving spend cannot overdraw a spend accepted before.
 * Linear per spend: an owner's ledger is at most a few thousand events.
 */
export function refusedSpends(ledger: readonly LedgerEvent[]): bigint[] {
  const included = ledger.map((event) => event.rowId === null || event.kind === 'earned');
  const refused: bigint[] = [];
  for (const [k, event] of ledger.entries()) {
    if (event.rowId === null || event.kind !== 'spent') continue;
    included[k] = true;
    if (balancedFrom(ledger, included, k)) continue;
    included[k] = false;
    refused.push(event.rowId);
  }
  return refused;
}

/**
 * Quarantines the valid new spends that would overdraw their owner (refusedSpends), after
 * the generic checks and the duplicates and before the insert, in the load's transaction.
 * `typedJson` is the SQL of the row's values kept as its raw.
 */
export async function markOverdrawnSpends(connection: DuckDBConnection, typedJson: string): Promise<void> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/ingest/sql/crystal-ledgers.sql'));
  const refused: bigint[] = [];
  let owner: string | null = null;
  let ledger: LedgerEvent[] = [];
  for (const row of reader.getRowObjectsJS()) {
    if (row.user_id !== owner) {
      refused.push(...refusedSpends(ledger));
      owner = String(row.user_id);
      ledger = [];
    }
    ledger.push({ kind: row.kind === 'spent' ? 'spent' : 'earned', amount: Number(row.amount), rowId: (row.row_id as bigint | null) ?? null });
  }
  refused.push(...refusedSpends(ledger));
  if (refused.length === 0) return;
  await connection.run(renderSql(readSqlFile('pipeline/ingest/sql/mark-overdrawn.sql'), { typed_json: typedJson, row_ids: `[${refused.join(', ')}]` }));
}
