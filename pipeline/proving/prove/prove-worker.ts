import { readFile } from 'node:fs/promises';
import { workerData } from 'piscina';
import { asIfMainThread } from '../../workers/index.js';
import type { BatchCircuitInput } from './batch-circuit-input.js';
import type { BatchProof, ProveWorkerData } from './prove-task.js';

/*
 * The prover pool's task (piscina loads this compiled module in each thread, see
 * worker-file.ts). Each thread reads the witness generator and the proving key ONCE, on its
 * first task, then proves one batch per task with snarkjs in single-thread mode (parallelism
 * comes from the number of threads). snarkjs is imported through asIfMainThread: its
 * ffjavascript loads the `web-worker` package, which takes over any non-main thread (see
 * workers/web-worker-guard.ts).
 */
type Snarkjs = typeof import('snarkjs');

let loaded: Promise<{ snarkjs: Snarkjs; wasm: Buffer; zkey: Buffer }> | undefined;

function load(): Promise<{ snarkjs: Snarkjs; wasm: Buffer; zkey: Buffer }> {
  const { wasmPath, zkeyPath } = workerData as ProveWorkerData;
  return Promise.all([asIfMainThread(() => import('snarkjs')), readFile(wasmPath), readFile(zkeyPath)]).then(([snarkjs, wasm, zkey]) => ({
    snarkjs,
    wasm,
    zkey,
  }));
}

export default async function proveTask(input: BatchCircuitInput): Promise<BatchProof> {
  loaded ??= load();
  const { snarkjs, wasm, zkey } = await loaded.catch((error: unknown) => {
    throw new Error(`prove worker could not load the artifacts: ${error instanceof Error ? error.message : String(error)}`);
  });
  const started = performance.now();
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, { type: 'mem', data: wasm }, { type: 'mem', data: zkey }, undefined, undefined, {
    singleThread: true,
  });
  return { proof, publicSignals, ms: performance.now() - started };
}
