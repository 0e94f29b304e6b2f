// First: lets circomlibjs load in a worker thread (see web-worker-guard.ts).
import { restoreWorkerThreadsFlag } from './web-worker-guard.js';
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import { WasmPoseidon } from '../poseidon/index.js';
import { SETTLED, STARTED, type HashTask, type HashTaskResult, type HashWorkerData } from './hash-task.js';
import { countCoinsPacked, hashRowsPacked, treeRootsPacked } from './packed-hashing.js';

restoreWorkerThreadsFlag();

// The worker thread's entry (loaded by piscina from the compiled .js file): one WebAssembly
// Poseidon per thread, built as the thread starts (about a second), before the first task.
const { progress } = workerData as HashWorkerData;
Atomics.add(progress, STARTED, 1);
const kernel: Promise<WasmPoseidon> = WasmPoseidon.create();
// A build failure is reported by the first task that awaits it, not as an unhandled rejection.
kernel.catch(() => undefined).finally(() => Atomics.add(progress, SETTLED, 1));

export default async function runHashTask(task: HashTask): Promise<HashTaskResult> {
  const poseidon = await kernel;
  let result: HashTaskResult;
  switch (task.op) {
    case 'rows':
      result = hashRowsPacked(poseidon, task.words, task.arities);
      break;
    case 'coins':
      result = countCoinsPacked(poseidon, task.beacon, task.salts, task.n);
      break;
    case 'trees':
      result = treeRootsPacked(poseidon, task.words, task.sizes);
      break;
  }
  return move(result) as HashTaskResult;
}
