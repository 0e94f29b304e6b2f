// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import {
  isValidQueuePrefix,
  NightlyRunWorker,
  ProveBatchWorker,
  readWitnessKey,
  redactRedisUrl,
  resolveRedisUrl,
  resolveWitnessKeyPath,
  WitnessKeyError,
  type WitnessKey,
} from '../../jobs/index.js';
import { acquireWriterLock } from '../../pipeline/db/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { loadFormula } from '../../pipeline/scoring/index.js';
import { anchorOptions } from '../anchor-options.js';
import { coordinatorWitnessKey } from '../coordinator-witness-key.js';
import { nightlyStep } from '../nightly-step.js';
import { beaconOptions, requireChainForDrand } from '../parse-beacon.js';

export interface WorkerOptions {
  redis?: string;
  concurrency: number;
  prefix: string;
  lockDuration: number;
  coordinator: boolean;
  db: string;
  formula: string;
  out: string;
  artifacts?: string;
  artifactsRoot?: string;
  beaconCommand?: string;
  anchor?: boolean;
  rpc?: string;
  key?: string;
  registry?: string;
  chainDir?: string;
  witnessKey?: string;
}

/** Writes an error line, but not the same one again and again (a Redis that is down is reported once until it changes). */
function errorReporter(prefix: string): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    process.stderr.write(`${prefix}: ${error.message}\n`);
  };
}

/**
 * The witness key of a proving worker, read now to report it (or refuse a key file that is
 * unsafe or malformed: one line, before Redis), and again when a job arrives while it is
 * missing: the coordinator on this machine may create it after the worker started.
 */
async function workerWitnessKey(path: string): Promise<{ key: WitnessKey | undefined; load: () => Promise<WitnessKey> }> {
  try {
    const key = await readWitnessKey(path);
    return { key, load: async () => key };
  } catch (error) {
    if (!(error instanceof WitnessKeyError) || error.code !== 'witness_key_missing') throw error;
    return { key: undefined, load: () => readWitnessKey(path) };
  }
}

/** `stones worker`: proves batches (and with --coordinator runs the nightly runs) until SIGTERM or SIGINT. */
export async function workerAction(options: WorkerOptions): Promise<void> {
  if (!isValidQueuePrefix(options.prefix)) {
    throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${options.prefix}"`);
  }
  const { beaconSource } = beaconOptions({ beaconCommand: options.beaconCommand });
  if (options.coordinator) requireChainForDrand(await loadFormula(options.formula), options);
  const url = resolveRedisUrl({ option: options.redis });
  const where = `Redis ${redactRedisUrl(url)}, prefix ${options.prefix}`;
  // The coordinator owns the database for its whole life, not only during a job: a second
  // coordinator (or a `stones run`) is refused now, in one line naming this one, rather than
  // meeting it inside a nightly job. Released when the process exits (see held-locks.ts).
  const lock = options.coordinator ? await acquireWriterLock(options.db) : undefined;
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const keyPath = resolveWitnessKeyPath({ option: options.witnessKey });
  const coordinatorKey = options.coordinator ? await coordinatorWitnessKey(options.witnessKey, log) : undefined;
  const witness = coordinatorKey ? { key: coordinatorKey, load: async () => coordinatorKey } : await workerWitnessKey(keyPath);
  const keyNote = witness.key ? `witness key ${witness.key.id}` : `no witness key at ${keyPath} yet: its jobs fail until the coordinator's key file is there`;
  const prover = new ProveBatchWorker({
    url,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDuration,
    artifactsRoot: options.artifactsRoot,
    witnessKey: witness.load,
  });
  const { worker } = prover;
  worker.on('error', errorReporter('stones worker'));
  worker.on('active', (job) => process.stdout.write(`proving: batch ${job.data.batch} of run ${job.data.runId} (job ${job.id})\n`));
  worker.on('completed', (job, result) =>
    process.stdout.write(`proved: batch ${job.data.batch} of run ${job.data.runId} in ${(result.ms / 1000).toFixed(1)} s\n`),
  );
  worker.on('failed', (job, error) =>
    process.stderr.write(`failed: batch ${job?.data.batch} of run ${job?.data.runId} (attempt ${job?.attemptsMade}): ${error.message}\n`),
  );
  const nightly = coordinatorKey
    ? new NightlyRunWorker(
        { url, prefix: options.prefix },
        nightlyStep({
          url,
          prefix: options.prefix,
          db: options.db,
          formula: options.formula,
          out: options.out,
          artifacts: options.artifacts,
          beaconSource,
          witnessKey: coordinatorKey,
          log,
          lock,
          ...anchorOptions(options),
        }),
      )
    : undefined;
  nightly?.worker.on('error', errorReporter('stones coordinator'));
  nightly?.worker.on('failed', (job, error) => process.stderr.write(`nightly: job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}\n`));
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  await worker.waitUntilReady();
  await nightly?.worker.waitUntilReady();
  process.stdout.write(`worker: ready, concurrency ${prover.concurrency}${nightly ? `, coordinator of ${options.db}` : ''}, ${keyNote} (${where})\n`);
  const signal = await stopped;
  process.stdout.write(`worker: ${signal}, finishing the jobs in hand\n`);
  if (nightly) {
    // A nightly run can take hours: it is handed back to the queue, not waited for; the
    // next coordinator takes it up from what the job remembered.
    const handedBack = await nightly.handBack();
    if (handedBack !== undefined) process.stdout.write(`nightly: job ${handedBack} handed back to the queue, for the next coordinator\n`);
  }
  await prover.close();
  process.stdout.write('worker: stopped\n');
  if (nightly) process.exit(0); // the handed-back run's stages are still pending on this event loop
}
