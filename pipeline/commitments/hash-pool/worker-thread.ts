import { Worker } from 'node:worker_threads';
import type { FromWorker, HashTask, HashTaskResult, ToWorker } from './hash-task.js';

/** How long close() lets a worker end by itself before it is terminated. */
const EXIT_WAIT_MS = 30_000;

/** One hash worker thread: runs one task at a time; `ready` settles once its kernel is built. */
export class WorkerThread {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #pending: { id: number; resolve: (result: HashTaskResult) => void; reject: (error: Error) => void } | undefined;
  #nextId = 0;
  #dead: Error | undefined;

  constructor(file: string) {
    this.#worker = new Worker(file);
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.#dead ??= error;
        this.#pending?.reject(error);
        this.#pending = undefined;
        reject(error);
      };
      this.#worker.on('message', (message: FromWorker) => {
        if ('ready' in message) resolve();
        else if ('failed' in message) fail(new Error(`hash worker could not build its Poseidon: ${message.failed}`));
        else {
          const pending = this.#pending;
          if (pending === undefined || pending.id !== message.id) return;
          this.#pending = undefined;
          if ('result' in message) pending.resolve(message.result);
          else pending.reject(Object.assign(makeError(message.error.name, message.error.message)));
        }
      });
      this.#worker.on('error', fail);
      this.#worker.once('exit', (code) => fail(new Error(`hash worker exited (code ${code})`)));
    });
    this.ready.catch(() => undefined);
  }

  /** Runs one task; the typed arrays of `transfer` move to the worker. */
  run(task: HashTask, transfer: ArrayBuffer[]): Promise<HashTaskResult> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead);
    if (this.#pending !== undefined) return Promise.reject(new Error('hash worker is busy'));
    const id = (this.#nextId += 1);
    return new Promise((resolve, reject) => {
      this.#pending = { id, resolve, reject };
      this.#worker.postMessage({ id, task } satisfies ToWorker, transfer);
    });
  }

  /** Asks the worker to end once it is ready (or has failed) and waits for its exit; terminates it only if it does not end in time. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.#dead === undefined) this.#worker.postMessage({ close: true } satisfies ToWorker);
    const timer = setTimeout(() => void this.#worker.terminate(), EXIT_WAIT_MS);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

function makeError(name: string, message: string): Error {
  const error = name === 'RangeError' ? new RangeError(message) : name === 'TypeError' ? new TypeError(message) : new Error(message);
  if (error.name !== name) error.name = name;
  return error;
}
