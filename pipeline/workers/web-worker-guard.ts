import { createRequire } from 'node:module';

/*
 * circomlibjs's WebAssembly Poseidon comes with ffjavascript, which imports the `web-worker`
 * package (1.2.0). That package decides at load time, from worker_threads.isMainThread,
 * whether it is inside a worker it spawned itself, and if so takes over the thread (it reads
 * workerData.mod, which our worker does not have, and throws). ffjavascript only spawns web
 * workers in its multi-thread mode, never used here. So the hash worker loads its kernel
 * through asIfMainThread: isMainThread reads true while it loads, and is put back after.
 */
const threads = createRequire(import.meta.url)('node:worker_threads') as { isMainThread: boolean };

export async function asIfMainThread<T>(load: () => Promise<T>): Promise<T> {
  const actual = threads.isMainThread;
  threads.isMainThread = true;
  try {
    return await load();
  } finally {
    threads.isMainThread = actual;
  }
}
