import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

const cache = new Map<string, string>();

/** The text of a `.sql` file, by its path from the repository root (e.g. `pipeline/db/schema.sql`). */
export function readSqlFile(pathFromRoot: string): string {
  let sql = cache.get(pathFromRoot);
  if (sql === undefined) {
    sql = readFileSync(join(packageRoot(), pathFromRoot), 'utf8');
    cache.set(pathFromRoot, sql);
  }
  return sql;
}
