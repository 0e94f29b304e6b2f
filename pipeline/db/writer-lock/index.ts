export { acquireWriterLock } from './acquire-writer-lock.js';
export { WriterLock } from './writer-lock.js';
export { writerLockPathOf } from './writer-lock-path-of.js';
export { duckdbLockConflict } from './duckdb-lock-conflict.js';
export type { LockRecord } from './lock-record.js';
