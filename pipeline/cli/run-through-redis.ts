import { join } from 'node:path';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { AwardsReadyPublisher, FinalizeWorker, RunFlow, type AwardsReadyPublished, type FinalizeResult, type ProveBatchResult, type RunFlowPlan } from '../../jobs/index.js';
import { artifactsInstance, defaultArtifactsDir, recordProofs, requireInstanceOf, runBatchInputs, writeBatchProof } from '../proving/prove/index.js';
import { awardsHandoffOf, type AwardsHandoff } from '../publishing/index.js';
import { runPipeline, type RunPipelineOptions, type RunPipelineResult } from '../run/index.js';
import { verifyBundle, type BundleVerification } from '../verification/bundle/index.js';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface RunThroughRedisOptions extends Omit<RunPipelineOptions, 'prove'> {
  url: string;
  prefix: string;
  artifactsDir?: string;
  /** The flow was added (or found already in Redis). */
  onFlow?: (event: { runId: string; parentId: string; added: boolean; batches: number }) => void;
  /** The DuckDB stages are done (ingest to publish); proving is next. */
  onStaged?: (result: RunPipelineResult) => void;
  onProved?: (event: { batch: number; proved: number; batches: number }) => void;
}

export interface RunThroughRedisResult {
  result: RunPipelineResult;
  circuit: string;
  batches: number;
  /** Wall time from adding the flow to the end of its finalize job. */
  proveMs: number;
  /** Witness plus proof time of each batch, in the workers, when this process finalized the run. */
  batchMs: number[];
  finalize: FinalizeResult;
  /** The full check of the bundle, when this process finalized it. */
  verification?: BundleVerification;
  /** The run's hand-off to the award engine on the `awards-ready` queue; absent when the run did not verify. */
  handoff?: { data: AwardsHandoff } & AwardsReadyPublished;
}

/**
 * `stones run --redis`: this process is the run's coordinator. It owns DuckDB (the only
 * writer): it runs ingest, features, commit, score, statistics and publish in-process, exactly
 * as the embedded runner does with proving off, builds each batch's witness input, and adds the
 * run's proving as one BullMQ flow (a prove-batch job per batch under a finalize job). Any
 * `stones worker` proves the batches; this process's finalize worker then writes the proofs
 * into the bundle and verifies it as a regulator would. A run that verifies is then handed off
 * to the award engine: one `awards-ready-<run>` job on the `awards-ready` queue.
 */
export async function runThroughRedis(connection: DuckDBConnection, options: RunThroughRedisOptions): Promise<RunThroughRedisResult> {
  const artifacts = artifactsInstance(options.artifactsDir ?? defaultArtifactsDir(options.formula.formula));
  requireInstanceOf(artifacts, options.formula.formula);
  const flow = await RunFlow.connect({ url: options.url, prefix: options.prefix }); // Redis is checked before any stage runs
  const verifications = new Map<string, BundleVerification>();
  const batchMs: number[] = [];
  const finalizeStep = async (data: RunFlowPlan['finalize'], proofs: ProveBatchResult[]): Promise<FinalizeResult> => {
    for (const [batch, proof] of proofs.entries()) {
      await writeBatchProof(data.bundleDir, batch, proof);
      if (data.runId === runId) batchMs[batch] = proof.ms;
    }
    const instance = artifactsInstance(data.artifactsDir);
    await recordProofs(data.bundleDir, instance, data.batches);
    const verification = await verifyBundle(data.bundleDir, {
      poseidon: options.poseidon,
      hasher: options.hasher,
      publishedFormulaSha256: data.formulaSha256,
      verificationKeyPath: instance.verificationKeyPath,
    });
    verifications.set(data.runId, verification);
    return { runId: data.runId, batches: data.batches, ok: verification.ok, verdict: verification.ok ? 'VERIFIED' : 'FAILED' };
  };
  let runId = '';
  let finalizer: FinalizeWorker | undefined;
  try {
    const result = await runPipeline(connection, { ...options, prove: undefined });
    runId = result.commit.runId;
    options.onStaged?.(result);
    const bundleDir = join(result.publish.runDir, 'bundle');
    const { circuit, inputs } = await runBatchInputs({ connection, runId, formula: options.formula, artifactsDir: artifacts.dir, bundleDir, poseidon: options.poseidon });
    const plan: RunFlowPlan = {
      finalize: { runId, bundleDir, artifactsDir: artifacts.dir, batches: inputs.length, formulaSha256: options.formula.sha256 },
      batches: inputs.map((input, batch) => ({ runId, batch, batches: inputs.length, circuit, input })),
    };
    const started = performance.now();
    let finalize: FinalizeResult;
    if (inputs.length === 0) {
      finalize = await finalizeStep(plan.finalize, []);
    } else {
      finalizer = new FinalizeWorker({ url: options.url, prefix: options.prefix }, finalizeStep);
      const added = await flow.addRun(plan);
      options.onFlow?.({ runId, parentId: added.parentId, added: added.added, batches: inputs.length });
      finalize = await flow.follow(runId, inputs.length, { onProved: options.onProved });
    }
    // Published and verified: hand the run off to the award engine (once per run, whoever adds it).
    let handoff: RunThroughRedisResult['handoff'];
    if (finalize.ok) {
      const data = await awardsHandoffOf(result.publish.runDir);
      const publisher = await AwardsReadyPublisher.connect({ url: options.url, prefix: options.prefix });
      try {
        handoff = { data, ...(await publisher.publish(data)) };
      } finally {
        await publisher.close();
      }
    }
    return {
      result,
      circuit,
      batches: inputs.length,
      proveMs: performance.now() - started,
      batchMs,
      finalize,
      verification: verifications.get(runId),
      handoff,
    };
  } finally {
    await finalizer?.close();
    await flow.close();
  }
}
