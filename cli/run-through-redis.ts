// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { AwardsReadyPublisher, RunFlow, type AwardsReadyPublished, type JobsConnection, type WitnessKey } from '../jobs/index.js';
import { awardsHandoffOf, type AwardsHandoff } from '../pipeline/publishing/index.js';
import {
  nightlyRun,
  resumeRun,
  runPipeline,
  type NightlyRunOutcome,
  type ResumeRunOptions,
  type ResumeRunResult,
  type RunPipelineOptions,
  type RunPipelineResult,
} from '../pipeline/run/index.js';
import type { BundleVerification } from '../pipeline/verification/bundle/index.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { flowProver, type FlowProverEvents } from './flow-prover.js';

interface ThroughRedisOptions extends JobsConnection, FlowProverEvents {
  artifactsDir?: string;
  /** Seals each batch's witness input for the workers (coordinator-witness-key.ts): none goes to Redis in clear. */
  witnessKey: WitnessKey;
}

export type RunThroughRedisOptions = Omit<RunPipelineOptions, 'prove'> & ThroughRedisOptions;
export type ResumeThroughRedisOptions = Omit<ResumeRunOptions, 'prove'> & ThroughRedisOptions;
export type NightlyThroughRedisOptions = Omit<RunPipelineOptions, 'prove' | 'ingested' | 'periodId'> &
  ThroughRedisOptions & { onNewFiles?: (periodId: string) => Promise<void> };

/** The run's hand-off to the award engine on the `awards-ready` queue. */
export type AddedHandoff = { data: AwardsHandoff } & AwardsReadyPublished;

export interface RunThroughRedisResult {
  result: RunPipelineResult;
  /** Absent when the run did not verify. */
  handoff?: AddedHandoff;
}

export interface ResumeThroughRedisResult {
  result: ResumeRunResult;
  handoff?: AddedHandoff;
}

/**
 * `stones run --redis`: this process is the run's coordinator. It owns DuckDB (the only
 * writer) and runs every stage as the embedded runner does, except that the prove stage fans
 * the batches out to `stones worker`s through one BullMQ flow (flow-prover.ts). The bundle is
 * then verified here as a regulator would, and a run that verifies is handed off to the award
 * engine: one `awards-ready-<run>` job. Redis is checked before any stage runs. Witness inputs
 * go into Redis sealed with the witness key only.
 */
export async function runThroughRedis(connection: DuckDBConnection, options: RunThroughRedisOptions): Promise<RunThroughRedisResult> {
  return withFlow(options, async (prover) => {
    const result = await runPipeline(connection, { ...options, prove: { artifactsDir: options.artifactsDir, prover } });
    if (result.status === 'open') return { result };
    return { result, handoff: await handOff(options, result.verification, result.publish.runDir) };
  });
}

/** `stones run --resume RUN --redis`: resumeRun with the prove stage through BullMQ; batches with a valid proof are kept. */
export async function resumeThroughRedis(connection: DuckDBConnection, options: ResumeThroughRedisOptions): Promise<ResumeThroughRedisResult> {
  return withFlow(options, async (prover) => {
    const result = await resumeRun(connection, { ...options, prove: { artifactsDir: options.artifactsDir, prover } });
    return { result, handoff: await handOff(options, result.verification, result.publish.runDir) };
  });
}

/** A nightly job on the coordinator: nightlyRun (new files only, their period) with the prove stage through BullMQ. */
export async function nightlyThroughRedis(
  connection: DuckDBConnection,
  options: NightlyThroughRedisOptions,
): Promise<{ outcome: NightlyRunOutcome; handoff?: AddedHandoff }> {
  return withFlow(options, async (prover) => {
    const outcome = await nightlyRun(connection, { ...options, prove: { artifactsDir: options.artifactsDir, prover } });
    if (outcome.status !== 'ran') return { outcome };
    return { outcome, handoff: await handOff(options, outcome.result.verification, outcome.result.publish.runDir) };
  });
}

async function withFlow<T>(options: ThroughRedisOptions, body: (prover: ReturnType<typeof flowProver>) => Promise<T>): Promise<T> {
  const connection: JobsConnection = { url: options.url, prefix: options.prefix };
  const flow = await RunFlow.connect({ ...connection, witnessKey: options.witnessKey });
  try {
    return await body(flowProver({ flow, connection, onFlow: options.onFlow, onProved: options.onProved, onAddedAgain: options.onAddedAgain }));
  } finally {
    await flow.close();
  }
}

/** Published and verified: the run goes to the award engine (once per run, whoever adds it). */
async function handOff(connection: JobsConnection, verification: BundleVerification | undefined, runDir: string): Promise<AddedHandoff | undefined> {
  if (verification?.ok !== true) return undefined;
  const data = await awardsHandoffOf(runDir);
  const publisher = await AwardsReadyPublisher.connect(connection);
  try {
    return { data, ...(await publisher.publish(data)) };
  } finally {
    await publisher.close();
  }
}
