import { existsSync } from 'node:fs';
import { join } from 'node:path';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { FinalizeWorker, type JobsConnection, type ProveBatchResult, type RunFlow, type RunFlowPlan } from '../jobs/index.js';
import { batchesToProve, proofFileName, recordProofs, runBatchInputs, writeBatchProof, type BatchCircuitInput } from '../pipeline/proving/prove/index.js';
import type { RunProver } from '../pipeline/run/index.js';

export interface FlowProverEvents {
  /** The run's flow was added (or found in Redis already): `proving` of `batches` batches need a proof. */
  onFlow?: (event: { runId: string; parentId: string; added: boolean; batches: number; proving: number }) => void;
  /** A batch's proof arrived and was written into the bundle. */
  onProved?: (event: { batch: number; proved: number; batches: number }) => void;
  /** The flow had gone from Redis before it was finalized (Redis lost its data): what was missing was added again. */
  onAddedAgain?: (event: { runId: string; proving: number }) => void;
}

export interface FlowProverOptions extends FlowProverEvents {
  flow: RunFlow;
  connection: JobsConnection;
}

/**
 * The prove stage through BullMQ, for the coordinator (the process that owns DuckDB): the
 * batches without a valid proof in the bundle become one flow (a prove-batch job each, with
 * its witness input sealed for the workers by RunFlow, under a finalize job); `stones worker`s
 * anywhere prove them. Each proof
 * is written into the bundle as its job completes, and again by this process's finalize
 * worker once all are in, so a Redis that comes back empty costs only the proofs not yet
 * written: the follower notices the flow is gone and adds the missing batches again. Leaves
 * the bundle as proveRun does; the verify stage after it is the embedded one.
 */
export function flowProver(options: FlowProverOptions): RunProver {
  return async ({ connection, runId, formula, artifacts, bundleDir, poseidon }) => {
    const started = performance.now();
    const { circuit, inputs } = await runBatchInputs({ connection, runId, formula, artifactsDir: artifacts.dir, bundleDir, poseidon });
    const batches = inputs.length;
    const todo = await batchesToProve(bundleDir, artifacts, inputs);
    const batchMs = new Array<number>(batches).fill(0);
    const arrived = new Set<number>();
    const write = async (batch: number, result: ProveBatchResult): Promise<void> => {
      await writeBatchProof(bundleDir, batch, result);
      batchMs[batch] = result.ms;
      if (arrived.has(batch)) return;
      arrived.add(batch);
      options.onProved?.({ batch, proved: batches - todo.length + arrived.size, batches });
    };
    if (todo.length > 0) {
      const planOf = (indices: number[]): RunFlowPlan => ({
        finalize: { runId, bundleDir, artifactsDir: artifacts.dir, batches, batchIndices: indices, formulaSha256: formula.sha256 },
        batches: indices.map((batch) => ({ runId, batch, batches, circuit, input: inputs[batch] as BatchCircuitInput })),
      });
      let finalized = false;
      const finalizer = new FinalizeWorker(options.connection, async (data, proofs) => {
        // Any run's finalize job may come to this worker (one queue): its proofs go to its own bundle.
        for (const { batch, result } of proofs) {
          if (data.runId === runId) await write(batch, result);
          else await writeBatchProof(data.bundleDir, batch, result);
        }
        if (data.runId === runId) finalized = true;
        return { runId: data.runId, batches: data.batches, written: proofs.length };
      });
      try {
        const added = await options.flow.addRun(planOf(todo));
        options.onFlow?.({ runId, parentId: added.parentId, added: added.added, batches, proving: todo.length });
        await options.flow.follow(runId, {
          finalized: () => finalized,
          onProved: ({ batch, result }) => (todo.includes(batch) ? write(batch, result) : undefined),
          onMissing: async () => {
            const missing = todo.filter((batch) => !existsSync(join(bundleDir, 'proofs', proofFileName(batch))));
            if (missing.length === 0) return 'done';
            await options.flow.addRun(planOf(missing));
            options.onAddedAgain?.({ runId, proving: missing.length });
            return 'added';
          },
        });
      } finally {
        await finalizer.close();
      }
    }
    await recordProofs(bundleDir, artifacts, batches);
    return {
      runId,
      circuit,
      batches,
      threads: 0,
      proofsDir: join(bundleDir, 'proofs'),
      batchMs,
      reused: batches - todo.length,
      totalMs: performance.now() - started,
    };
  };
}
