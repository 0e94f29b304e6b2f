import { median } from './median.js';

/** The three ways the bench runs the same input. */
export type JobsBenchMode = 'embedded' | 'oneWorker' | 'twoWorkers';

/** One timed run, as measured. */
export interface JobsBenchRun {
  mode: JobsBenchMode;
  /** 1-based round; the order of the modes is rotated from round to round. */
  round: number;
  /** Wall time of runPipeline (embedded) or runThroughRedis (through Redis), from the call to its return. */
  totalMs: number;
  /**
   * Wall time of the prove stage as the run records it (ProveRunResult.totalMs): batch inputs
   * built, every batch proved and the proof record written. Embedded: prover-thread start-up
   * included. Through Redis: the flow added, the workers' proofs, the finalize job.
   */
  proveMs: number;
  /** Mean witness plus proof time of one batch on its prover thread. */
  proofMs: number;
  /** CPU time of the whole process (all its threads) during the run: cpuMs / totalMs is the cores it kept busy. */
  cpuMs: number;
  batches: number;
  verified: boolean;
  /** Through Redis: the prove-batch jobs each worker completed. */
  jobsPerWorker?: number[];
}

/** What `npm run bench -- jobs` measured, nothing derived. */
export interface JobsBenchResult {
  circuit: string;
  /** Users generated, users scored in the month, and batches of the run. */
  users: number;
  scoredUsers: number;
  batches: number;
  repeats: number;
  /** The machine: its cores, and the 1-minute load average when the bench ended (other processes compete for the cores). */
  cores: number;
  loadAverage: number;
  /** Where Redis came from: `REDIS_URL`, the caller, or a redis-server this bench started. */
  redis: string;
  /** What every run agreed on (the bench throws when they do not). */
  runId: string;
  dataRoot: string;
  awardsSha256: string;
  runs: JobsBenchRun[];
}

interface JobsBenchModeFigures {
  runs: number;
  totalSeconds: number;
  proveSeconds: number;
  /** Batches over the median proving wall time. */
  batchesPerSecond: number;
  /** Median of the runs' mean proof time on a prover thread. */
  proofSeconds: number;
  /** Median of cpuMs / totalMs: cores this process kept busy. */
  coresBusy: number;
}

export interface JobsBenchFigures {
  embedded: JobsBenchModeFigures;
  oneWorker: JobsBenchModeFigures;
  twoWorkers: JobsBenchModeFigures;
  /** Median total through Redis with one worker over the median embedded total. */
  overheadRatio: number;
  /** (Redis, 1 worker) minus embedded, median totals, in seconds and per batch in ms. */
  overheadSeconds: number;
  overheadMsPerBatch: number;
  /** Proving throughput with two workers over one. */
  scaling: number;
}

const JOBS_BENCH_MODE_LABELS: Record<JobsBenchMode, string> = {
  embedded: 'embedded, 1 prover thread',
  oneWorker: 'through Redis, 1 worker',
  twoWorkers: 'through Redis, 2 workers',
};

function modeFigures(result: JobsBenchResult, mode: JobsBenchMode): JobsBenchModeFigures {
  const runs = result.runs.filter((run) => run.mode === mode);
  if (runs.length === 0) throw new Error(`the jobs bench has no ${mode} run`);
  const proveMs = median(runs.map((run) => run.proveMs));
  return {
    runs: runs.length,
    totalSeconds: median(runs.map((run) => run.totalMs)) / 1000,
    proveSeconds: proveMs / 1000,
    batchesPerSecond: result.batches / (proveMs / 1000),
    proofSeconds: median(runs.map((run) => run.proofMs)) / 1000,
    coresBusy: median(runs.map((run) => run.cpuMs / run.totalMs)),
  };
}

export function jobsBenchFigures(result: JobsBenchResult): JobsBenchFigures {
  const embedded = modeFigures(result, 'embedded');
  const oneWorker = modeFigures(result, 'oneWorker');
  const twoWorkers = modeFigures(result, 'twoWorkers');
  const overheadSeconds = oneWorker.totalSeconds - embedded.totalSeconds;
  return {
    embedded,
    oneWorker,
    twoWorkers,
    overheadRatio: oneWorker.totalSeconds / embedded.totalSeconds,
    overheadSeconds,
    overheadMsPerBatch: (overheadSeconds * 1000) / result.batches,
    scaling: twoWorkers.batchesPerSecond / oneWorker.batchesPerSecond,
  };
}

const signed = (value: number, digits: number): string => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(digits)}`;

/** The bench's report: medians, the ratios, and every timed run as measured. */
export function formatJobsBench(result: JobsBenchResult): string {
  const f = jobsBenchFigures(result);
  const modes: JobsBenchMode[] = ['embedded', 'oneWorker', 'twoWorkers'];
  const width = Math.max(...modes.map((mode) => JOBS_BENCH_MODE_LABELS[mode].length));
  const lines = [
    `stones bench jobs: ${result.circuit} (the small test instance, B = 2, n = 128), ${result.users} users generated, ` +
      `${result.scoredUsers} scored, ${result.batches} batches; median of ${result.repeats} round${result.repeats === 1 ? '' : 's'} ` +
      '(order rotated each round) after one untimed warm-up run',
    `Redis: ${result.redis}. Workers run in this process (ProveBatchWorker, concurrency 1: one prover thread each); ` +
      'every timed run starts from a copy of the same database and proves every batch into a fresh out folder',
    '',
    `${''.padEnd(width)}  ${'total s'.padStart(8)}  ${'prove s'.padStart(8)}  ${'batches/s'.padStart(9)}  ${'s/proof'.padStart(7)}  ${'cores busy'.padStart(10)}`,
    ...modes.map((mode) => {
      const m = f[mode];
      return (
        `${JOBS_BENCH_MODE_LABELS[mode].padEnd(width)}  ${m.totalSeconds.toFixed(2).padStart(8)}  ${m.proveSeconds.toFixed(2).padStart(8)}  ` +
        `${m.batchesPerSecond.toFixed(2).padStart(9)}  ${m.proofSeconds.toFixed(2).padStart(7)}  ${m.coresBusy.toFixed(2).padStart(10)}`
      );
    }),
    '',
    `overhead of BullMQ (1 worker against embedded with 1 prover thread): ${f.overheadRatio.toFixed(2)}x, ` +
      `${signed(f.overheadSeconds, 2)} s per run, ${signed(f.overheadMsPerBatch, 0)} ms per batch`,
    `proving throughput through Redis: 1 worker ${f.oneWorker.batchesPerSecond.toFixed(2)} batches/s, ` +
      `2 workers ${f.twoWorkers.batchesPerSecond.toFixed(2)} batches/s: ${f.scaling.toFixed(2)}x`,
    `every run verified and gave run ${result.runId}, data root ${result.dataRoot}, awards.arrow sha256 ${result.awardsSha256.slice(0, 16)}...`,
    'total s: the whole run (stages, proving, verification; through Redis also the flow, finalize and hand-off).',
    'prove s: the prove stage as the run records it (batch inputs, every proof, the proof record); through Redis also the flow and the finalize job; batches/s is batches over prove s.',
    's/proof: mean witness plus proof time on a prover thread; cores busy: CPU time of this process (all threads) over total s.',
    `machine: ${result.cores} cores, 1-minute load average ${result.loadAverage.toFixed(2)} at the end (other processes share the cores: a busy machine shrinks the gain of a second worker).`,
    `runs (total s / prove s): ${modes
      .map(
        (mode) =>
          `${mode} ${result.runs
            .filter((run) => run.mode === mode)
            .map(
              (run) =>
                `${(run.totalMs / 1000).toFixed(2)}/${(run.proveMs / 1000).toFixed(2)}${run.jobsPerWorker && run.jobsPerWorker.length > 1 ? ` (jobs ${run.jobsPerWorker.join('+')})` : ''}`,
            )
            .join(', ')}`,
      )
      .join('; ')}`,
  ];
  return lines.join('\n');
}
