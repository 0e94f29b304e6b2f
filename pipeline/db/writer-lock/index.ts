export { acquireWriterLock } from './acquire-writer-lock.js';
export { WriterLock } from './writer-lock.js';
export { writerLockPathOf } from './writer-lock-path-of.js';
