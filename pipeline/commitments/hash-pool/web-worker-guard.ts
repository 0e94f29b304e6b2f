import { createRequire } from 'node:module';

/*
 * circomlibjs imports ffjavascript, which imports the `web-worker` package (1.2.0). That
 * package decides at load time, from worker_threads.isMainThread, whether it is inside a
 * worker it spawned itself, and if so takes over the thread (it reads workerData.mod, which a
 * piscina worker does not have, and crashes). ffjavascript only spawns web workers in its
 * multi-thread mode, which is never used here. So the hash worker imports this module first:
 * it makes isMainThread read true while the imports below it load, and
 * restoreWorkerThreadsFlag() puts it back once they have.
 */
const threads = createRequire(import.meta.url)('node:worker_threads') as { isMainThread: boolean };
const actual = threads.isMainThread;
threads.isMainThread = true;

export function restoreWorkerThreadsFlag(): void {
  threads.isMainThread = actual;
}
