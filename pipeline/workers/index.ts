export { compiledWorkerFile } from './compiled-worker-file.js';
export { asIfMainThread } from './web-worker-guard.js';
export { createThreadPool } from './thread-pool.js';
