/**
 * A SQL string literal. Used only where DuckDB takes no prepared parameter (table functions
 * such as read_csv take their file path as a constant).
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
