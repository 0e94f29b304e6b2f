import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { asIfMainThread } from '../../commitments/hash-pool/web-worker-guard.js';
import type { FromProveWorker, ProveWorkerData, ToProveWorker } from './prove-task.js';

/*
 * A prove worker thread's entry (started from the compiled .js file, see worker-file.ts). It
 * reads the witness generator and the proving key ONCE, then proves one batch per message with
 * snarkjs in single-thread mode (parallelism comes from the number of workers), and on `close`
 * closes its port so the thread ends by itself. snarkjs is imported through asIfMainThread:
 * its ffjavascript loads the `web-worker` package, which takes over any non-main thread
 * (see web-worker-guard.ts).
 */
if (parentPort === null) throw new Error('prove-worker.js runs in a worker thread only');
const port = parentPort;
const send = (message: FromProveWorker): void => port.postMessage(message);
const { wasmPath, zkeyPath } = workerData as ProveWorkerData;

async function start(): Promise<void> {
  const [snarkjs, wasm, zkey] = await Promise.all([asIfMainThread(() => import('snarkjs')), readFile(wasmPath), readFile(zkeyPath)]);
  port.on('message', (message: ToProveWorker) => {
    if ('close' in message) {
      port.close();
      return;
    }
    const started = performance.now();
    snarkjs.groth16
      .fullProve(message.input, { type: 'mem', data: wasm }, { type: 'mem', data: zkey }, undefined, undefined, { singleThread: true })
      .then(
        ({ proof, publicSignals }) => send({ id: message.id, proof, publicSignals, ms: performance.now() - started }),
        (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  send({ ready: true });
}

start().catch((error: unknown) => {
  send({ failed: error instanceof Error ? error.message : String(error) });
  port.close();
});
