import type { DuckDBConnection } from '@duckdb/node-api';
import { crystalCheckExpressions, ownerCheckExpressions, tripCheckExpressions, type SourceColumnTypes } from './column-expressions.js';
import { markOverdrawnSpends } from './crystal-balances.js';
import type { InputKind } from './input-kinds.js';
import type { QuarantineReason } from './quarantine-reasons.js';

/**
 * What differs between loading a trips file, an enrolment file and a crystal event file.
 * Everything else (staging, line numbers, quarantine, the `loads` row, the transaction, the
 * same-bytes check) is shared by load-input-file.ts.
 */
export interface KindRules {
  /** Creates `checked_rows_stored` from the staged source (one reason per refused row). */
  readonly checkSql: string;
  /** The `{{...}}` typing expressions of checkSql for the source's column types. */
  checkExpressions(types: SourceColumnTypes): Record<string, string>;
  /** Where accepted rows go, and the column that stays unique there (duplicates are quarantined). */
  readonly table: 'trips' | 'owners' | 'crystal_events';
  readonly key: 'trip_id' | 'user_id' | 'event_id';
  readonly duplicateReason: QuarantineReason;
  /** SQL of a checked row's typed values as JSON: the raw kept for a row refused after the checks (a duplicate, an overdrawing spend). */
  readonly typedJson: string;
  /** Inserts the accepted checked rows into `table`. */
  readonly insertSql: string;
  /**
   * Checks that need what is already stored beyond the key (a crystal owner's balance over
   * every accepted event): run after the duplicates, before the insert, in the transaction.
   */
  readonly checkAgainstStored?: (connection: DuckDBConnection, typedJson: string) => Promise<void>;
}

const CRYSTAL_TYPED_JSON = 'to_json(struct_pack(event_id, user_id, "at" := occurred_at, kind, amount, draw))::VARCHAR';

export const KIND_RULES: Readonly<Record<InputKind, KindRules>> = {
  trips: {
    checkSql: 'pipeline/ingest/sql/check-rows.sql',
    checkExpressions: tripCheckExpressions,
    table: 'trips',
    key: 'trip_id',
    duplicateReason: 'duplicate_trip_id',
    typedJson: 'to_json(struct_pack(trip_id, user_id, vehicle_id, started_at, ended_at, distance_km, energy_kwh, adas_km, region))::VARCHAR',
    insertSql: 'pipeline/ingest/sql/insert-trips.sql',
  },
  owners: {
    checkSql: 'pipeline/ingest/sql/check-owners.sql',
    checkExpressions: ownerCheckExpressions,
    table: 'owners',
    key: 'user_id',
    duplicateReason: 'duplicate_owner',
    typedJson: 'to_json(struct_pack(user_id, enrolled_on))::VARCHAR',
    insertSql: 'pipeline/ingest/sql/insert-owners.sql',
  },
  crystals: {
    checkSql: 'pipeline/ingest/sql/check-crystals.sql',
    checkExpressions: crystalCheckExpressions,
    table: 'crystal_events',
    key: 'event_id',
    duplicateReason: 'duplicate_event_id',
    typedJson: CRYSTAL_TYPED_JSON,
    insertSql: 'pipeline/ingest/sql/insert-crystals.sql',
    checkAgainstStored: markOverdrawnSpends,
  },
};
