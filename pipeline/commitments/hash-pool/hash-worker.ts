import { move } from 'piscina';
import { asIfMainThread } from '../../workers/index.js';
import { WasmPoseidon } from '../poseidon/index.js';
import type { HashTask, HashTaskResult } from './hash-task.js';
import { countCoinsPacked, hashRowsPacked, treeRootsPacked } from './packed-hashing.js';

/*
 * The hash pool's task (piscina loads this compiled module in each thread). Each thread builds
 * its own WebAssembly Poseidon once, on its first task, and answers with a buffer that is
 * moved back, not copied.
 */
let kernel: Promise<WasmPoseidon> | undefined;

export default async function hashTask(task: HashTask): Promise<HashTaskResult> {
  kernel ??= asIfMainThread(() => WasmPoseidon.create());
  const poseidon = await kernel;
  const result = run(poseidon, task);
  return move(result) as HashTaskResult;
}

function run(poseidon: WasmPoseidon, task: HashTask): HashTaskResult {
  switch (task.op) {
    case 'rows':
      return hashRowsPacked(poseidon, task.words, task.arities);
    case 'coins':
      return countCoinsPacked(poseidon, task.beacon, task.salts, task.n);
    case 'trees':
      return treeRootsPacked(poseidon, task.words, task.sizes);
  }
}
