/** The database file every command opens unless told otherwise (no DuckDB import: the CLI's --help reads it). */
export const DEFAULT_DATABASE_PATH = './stones.duckdb';
