import { Piscina } from 'piscina';

export interface ThreadPoolOptions {
  /** The compiled worker module (compiledWorkerFile): its default export runs one task. */
  filename: string;
  threads: number;
  /** Read once per thread by the worker module (piscina's workerData), e.g. the artifacts to load. */
  workerData?: unknown;
}

/**
 * The one worker-thread pool of stones (piscina), for hashing and proving alike: a fixed
 * number of threads that live as long as the pool, one task at a time each (the tasks are
 * CPU-bound, so more would only queue inside the thread).
 */
export function createThreadPool<Task, Result>(options: ThreadPoolOptions): Piscina<Task, Result> {
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`worker threads must be a positive integer, got ${options.threads}`);
  return new Piscina<Task, Result>({
    filename: options.filename,
    minThreads: options.threads,
    maxThreads: options.threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: options.workerData,
  });
}
