import { parentPort } from 'node:worker_threads';
import { WasmPoseidon } from '../poseidon/index.js';
import type { FromWorker, HashTask, HashTaskResult, ToWorker } from './hash-task.js';
import { countCoinsPacked, hashRowsPacked, treeRootsPacked } from './packed-hashing.js';
import { asIfMainThread } from './web-worker-guard.js';

/*
 * The worker thread's entry (the pool starts it from the compiled .js file). It builds its own
 * WebAssembly Poseidon, says `ready`, answers tasks one at a time, and on `close` closes its
 * port so the thread ends by itself (the pool terminates a thread only if it does not end).
 */
function run(kernel: WasmPoseidon, task: HashTask): HashTaskResult {
  switch (task.op) {
    case 'rows':
      return hashRowsPacked(kernel, task.words, task.arities);
    case 'coins':
      return countCoinsPacked(kernel, task.beacon, task.salts, task.n);
    case 'trees':
      return treeRootsPacked(kernel, task.words, task.sizes);
  }
}

const port = parentPort;
if (port === null) throw new Error('hash-worker.js runs in a worker thread only');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

asIfMainThread(() => WasmPoseidon.create()).then(
  (kernel) => {
    port.on('message', (message: ToWorker) => {
      if ('close' in message) {
        port.close();
        return;
      }
      try {
        const result = run(kernel, message.task);
        send({ id: message.id, result }, [result.buffer as ArrayBuffer]);
      } catch (error) {
        const { name, message: text } = error instanceof Error ? error : new Error(String(error));
        send({ id: message.id, error: { name, message: text } });
      }
    });
    send({ ready: true });
  },
  (error: unknown) => {
    send({ failed: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
