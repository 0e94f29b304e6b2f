import { DEFAULT_DATABASE_PATH } from '../../pipeline/db/default-database-path.js';
import { sharedOption, type SharedOption } from './shared-option.js';

export const DB_OPTION: SharedOption = { key: 'db', flags: '--db <path>', env: 'STONES_DB', defaultValue: DEFAULT_DATABASE_PATH };

/** `--db <path>` (env STONES_DB, default ./stones.duckdb). */
export const dbOption = (description = 'DuckDB database file') => sharedOption(DB_OPTION, description);
