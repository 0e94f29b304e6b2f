import type { DuckDBConnection } from '@duckdb/node-api';
import { stageArrowSource } from './stage-arrow-source.js';
import { stageCsvSource } from './stage-csv-source.js';
import { stageJsonlSource } from './stage-jsonl-source.js';
import { stageParquetSource } from './stage-parquet-source.js';
import type { InputFormat, StagedSource } from './staged-source.js';

/** Makes a file readable by the checks, with the reader of its format. */
export function stageSource(connection: DuckDBConnection, format: InputFormat, path: string): Promise<StagedSource> {
  switch (format) {
    case 'csv':
      return stageCsvSource(connection, path);
    case 'jsonl':
      return stageJsonlSource(connection, path);
    case 'parquet':
      return stageParquetSource(connection, path);
    case 'arrow':
      return stageArrowSource(connection, path);
  }
}
