export { compiledWorkerFile } from './compiled-worker-file.js';
