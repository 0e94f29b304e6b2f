import { VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/index.js';

/** One accepted event of an owner's ledger and the balance it leaves. */
interface CrystalHistoryEvent {
  eventId: string;
  /** ISO-8601 in UTC. */
  at: string;
  kind: 'earned' | 'spent';
  amount: number;
  /** The draw a spend entered ('YYYY-MM'), null for an earning. */
  draw: string | null;
  balance: number;
  source: string;
  line: number;
}

/** A row of a crystal event file naming the owner that ingest refused. */
interface QuarantinedCrystalEvent {
  source: string;
  line: number;
  reason: string;
  raw: string | null;
}

export interface CrystalHistory {
  userId: string;
  /** Whether the owner has an enrolment row; events of an owner not enrolled (yet) are kept all the same. */
  enrolled: boolean;
  /** The balance after the last accepted event (0 with none). */
  balance: number;
  events: CrystalHistoryEvent[];
  quarantined: QuarantinedCrystalEvent[];
}

async function hasCrystalEvents(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/crystals/sql/crystal-events-exist.sql'));
  return Number(reader.getRows()[0]?.[0]) > 0;
}

/**
 * An owner's crystal ledger as ingest accepted it, in the order balances are judged (at, then
 * event_id), with the running balance after each event, and the owner's quarantined rows with
 * their reasons. Only reads: works on a database opened read-only.
 */
export async function readCrystalHistory(connection: DuckDBConnection, userId: string): Promise<CrystalHistory> {
  const enrolledRows = await connection.runAndReadAll('SELECT count(*) FROM owners WHERE user_id = $1', [userId], [VARCHAR]);
  const enrolled = Number(enrolledRows.getRows()[0]?.[0]) > 0;
  if (!(await hasCrystalEvents(connection))) return { userId, enrolled, balance: 0, events: [], quarantined: [] };
  const eventRows = await connection.runAndReadAll(readSqlFile('pipeline/crystals/sql/crystal-history.sql'), [userId], [VARCHAR]);
  const events = eventRows.getRowObjectsJS().map(
    (row): CrystalHistoryEvent => ({
      eventId: String(row.event_id),
      at: new Date(Number(row.at_ms)).toISOString(),
      kind: row.kind === 'spent' ? 'spent' : 'earned',
      amount: Number(row.amount),
      draw: row.draw === null ? null : String(row.draw),
      balance: Number(row.balance),
      source: String(row.source),
      line: Number(row.line),
    }),
  );
  const quarantinedRows = await connection.runAndReadAll(readSqlFile('pipeline/crystals/sql/quarantined-crystals.sql'), [userId], [VARCHAR]);
  const quarantined = quarantinedRows.getRowObjectsJS().map(
    (row): QuarantinedCrystalEvent => ({
      source: String(row.source),
      line: Number(row.line),
      reason: String(row.reason),
      raw: row.raw === null ? null : String(row.raw),
    }),
  );
  return { userId, enrolled, balance: events.at(-1)?.balance ?? 0, events, quarantined };
}
