import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { anchorStage, type AnchorStageOptions } from '../anchoring/anchor-stage.js';
import type { AnchorRunResult } from '../anchoring/anchor-run.js';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { recordStage, type RunAttempt } from '../history/index.js';
import { proveRun, type ProveRunResult } from '../proving/prove/index.js';
import type { PublishResult } from '../publishing/index.js';
import type { Beacon, LoadedFormula, ScoreResult } from '../scoring/index.js';
import type { StatisticsRelease } from '../statistics/index.js';
import { verifyBundle, type BundleVerification } from '../verification/node/index.js';
import { withOutputErrors } from './output-errors.js';
import { publishStages } from './publish-stages.js';
import { scoreStage } from './score-stage.js';
import type { ResolvedProveOptions } from './run-prove-options.js';

export interface FinishRunOptions {
  /** The run's beacon, or how to get it: asked inside the score stage, so a source that fails marks the run failed in score. */
  beacon: Beacon | (() => Promise<Beacon>);
  formula: LoadedFormula;
  outDir: string;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  /** Prove and verify after publishing, with these artifacts (already checked against the formula). */
  prove?: ResolvedProveOptions;
  /** The time the score stage judges the period's close at (default: now). */
  now?: Date;
  /** After a verified bundle, record it on this chain (the anchor stage); nothing is sent when not given. */
  anchor?: AnchorStageOptions;
}

export interface FinishRunResult {
  /** The beacon the run was scored with. */
  beacon: Beacon;
  score: ScoreResult;
  statistics?: StatisticsRelease;
  publish: PublishResult;
  prove?: ProveRunResult;
  verification?: BundleVerification;
  /** What the anchor stage sent and where the record is (with options.anchor). */
  anchor?: AnchorRunResult & { devChain: boolean };
}

/**
 * The stages after commit (score, statistics, publish, then prove, verify and anchor when asked), each
 * recorded in run_stages under the attempt. Every one is safe to run again on the same run:
 * score reuses the recorded beacon and scores, statistics republishes what was drawn, publish
 * rewrites the folder keeping the proofs of the same run, prove proves only missing or invalid
 * batches. So the embedded run and `stones run --resume` share this.
 */
export async function finishRun(connection: DuckDBConnection, attempt: RunAttempt, options: FinishRunOptions): Promise<FinishRunResult> {
  const { formula, hasher, poseidon } = options;
  const { beacon, score } = await scoreStage(connection, attempt, options);
  const { statistics, publish } = await publishStages(connection, attempt, { formula, outDir: options.outDir, hasher, poseidon, users: score.users });
  const { runId } = attempt;
  const result: FinishRunResult = { beacon, score, statistics, publish };
  if (!options.prove) return result;
  const { artifacts, prover } = options.prove;
  const bundleDir = join(publish.runDir, 'bundle');
  result.prove = await recordStage(
    attempt,
    'prove',
    () =>
      withOutputErrors(options.outDir, () =>
        prover
          ? prover({ connection, runId, formula, artifacts, bundleDir, poseidon })
          : proveRun({
              connection,
              runId,
              formula,
              artifactsDir: artifacts.dir,
              bundleDir,
              threads: options.prove?.threads,
              poseidon,
              onProof: options.prove?.onProof,
            }),
      ),
    { counts: (p) => ({ batches: p.batches, proved: p.batches - p.reused, kept: p.reused, threads: p.threads, circuit: p.circuit }) },
  );
  result.verification = await recordStage(
    attempt,
    'verify',
    () =>
      verifyBundle(bundleDir, {
        poseidon,
        hasher,
        publishedFormulaSha256: formula.sha256,
        verificationKeyPath: artifacts.verificationKeyPath,
        // The operator chose this beacon (no drand client given), or anchored on its local dev chain,
        // whose block times it sets: its own check notes it; a regulator's fails it.
        allowDemoBeacon: beacon.drand === undefined || (options.anchor !== undefined && options.anchor.rpcUrl === undefined),
      }),
    {
      counts: (v) => ({ ok: v.ok, checks: v.checks.length, failed: v.checks.filter((c) => c.status === 'failed').length, proofs_valid: v.proofsVerified }),
      failureOf: (v) =>
        v.ok
          ? undefined
          : `the bundle failed ${v.checks
              .filter((c) => c.status === 'failed')
              .map((c) => c.name)
              .join(', ')}`,
    },
  );
  // Only a bundle that verified is recorded; anchoring again (a resume) sends only what the chain lacks.
  if (options.anchor && result.verification.ok) {
    const anchor = options.anchor;
    result.anchor = await recordStage(attempt, 'anchor', () => anchorStage(bundleDir, anchor, poseidon), {
      counts: (a) => ({
        chain_id: a.anchor.chain_id,
        registry: a.anchor.registry,
        sent: a.sent.length,
        gas: a.sent.reduce((sum, s) => sum + s.gasUsed, 0n).toString(),
        batches_verified: a.anchor.batches.length,
      }),
    });
  }
  return result;
}
