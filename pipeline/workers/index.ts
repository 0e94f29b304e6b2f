export { compiledWorkerFile } from './compiled-worker-file.js';
export { asIfMainThread } from './web-worker-guard.js';
export { createThreadPool, type ThreadPoolOptions } from './thread-pool.js';
