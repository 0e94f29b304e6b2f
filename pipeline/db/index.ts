export { openDatabase, DEFAULT_DATABASE_PATH, type Database } from './open-database.js';
export { acquireWriterLock, WriterLock, writerLockPathOf } from './writer-lock/index.js';
export { readSqlFile } from './read-sql-file.js';
export { packageRoot } from './package-root.js';
export { sqlString } from './sql-string.js';
export { renderSql } from './render-sql.js';
export { appendColumns } from './append-columns.js';
export { inTransaction } from './in-transaction.js';
