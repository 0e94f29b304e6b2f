import { writeFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Int32, Int64, makeData, makeVector, Table, tableToIPC, Uint64 } from 'apache-arrow';
import { fieldToHex } from '../commitments/field-encoding.js';
import { readSqlFile, renderSql, sqlString } from '../db/index.js';
import { utf8ColumnData } from '../arrow/index.js';
import type { RunSnapshot } from './run-snapshot.js';

/**
 * The award engine's input, as an Arrow IPC file: run_id, period, user_id, user_tag (hex),
 * noisy_score, award, crystals_spent, entries, draw_wins, batch, leaf_index; one row per owner
 * in batch and leaf order (the columns of pipeline/formats/award-row.ts). The raw
 * score is not in it: with the salt it would give the noise away, and the award engine needs
 * only the award (the score and features stay in the owner's private receipt).
 */
export async function writeAwardsArrow(path: string, snapshot: RunSnapshot): Promise<void> {
  const { run, users } = snapshot;
  const length = users.length;
  const table = new Table({
    run_id: makeVector(utf8ColumnData(users.map(() => run.runId))),
    period: makeVector(utf8ColumnData(users.map(() => run.period))),
    user_id: makeVector(utf8ColumnData(users.map((u) => u.userId))),
    user_tag: makeVector(utf8ColumnData(users.map((u) => fieldToHex(u.tag)))),
    noisy_score: makeVector(makeData({ type: new Int64(), length, data: BigInt64Array.from(users, (u) => u.noisyScore) })),
    award: makeVector(makeData({ type: new Uint64(), length, data: BigUint64Array.from(users, (u) => u.award) })),
    crystals_spent: makeVector(makeData({ type: new Int64(), length, data: BigInt64Array.from(users, (u) => u.crystalsSpent) })),
    entries: makeVector(makeData({ type: new Int64(), length, data: BigInt64Array.from(users, (u) => u.entries) })),
    draw_wins: makeVector(makeData({ type: new Uint64(), length, data: BigUint64Array.from(users, (u) => u.drawWins) })),
    batch: makeVector(makeData({ type: new Int32(), length, data: Int32Array.from(users, (u) => u.batch) })),
    leaf_index: makeVector(makeData({ type: new Int32(), length, data: Int32Array.from(users, (u) => u.leafIndex) })),
  });
  await writeFile(path, tableToIPC(table, 'file'));
}

/** The same rows as awards.arrow, written by DuckDB straight from the run's tables. */
export async function writeAwardsParquet(connection: DuckDBConnection, path: string, runId: string): Promise<void> {
  await connection.run(renderSql(readSqlFile('pipeline/publishing/copy-awards-parquet.sql'), { run_id: sqlString(runId), path: sqlString(path) }));
}
