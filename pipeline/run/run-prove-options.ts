import { artifactsInstance, defaultArtifactsDir, requireInstanceOf, type ArtifactsInstance } from '../proving/prove/index.js';
import type { LoadedFormula } from '../scoring/index.js';
import type { RunProver } from './run-prover.js';

/** What a run (or a resume) is asked to prove with. */
export interface RunProveOptions {
  /** Default: the committed artifacts of the formula's instance (circuits/artifacts/batch-award-v3-b<B>-n<N>). */
  artifactsDir?: string;
  threads?: number;
  onProof?: (event: { batch: number; proved: number; batches: number; ms: number }) => void;
  /** Proves the batches somewhere else (through BullMQ); default this machine's prove threads. */
  prover?: RunProver;
}

/** The prove options with their artifacts found and checked against the formula. */
export type ResolvedProveOptions = Omit<RunProveOptions, 'artifactsDir'> & { artifacts: ArtifactsInstance };

/**
 * Finds the artifacts a run will prove with and checks they are the formula's instance, so a
 * missing or mismatched circuit is refused before anything is loaded; undefined when not proving.
 */
export function resolveProveOptions(prove: RunProveOptions | undefined, formula: LoadedFormula): ResolvedProveOptions | undefined {
  if (!prove) return undefined;
  const { artifactsDir, ...rest } = prove;
  const artifacts = artifactsInstance(artifactsDir ?? defaultArtifactsDir(formula.formula));
  requireInstanceOf(artifacts, formula.formula);
  return { ...rest, artifacts };
}
