import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { packageRoot } from '../../db/index.js';
import { ConfigError, UsageError } from '../../errors/index.js';
import type { Formula } from '../../scoring/index.js';
import { ARTIFACT_FILES } from '../ceremony/write-artifacts.js';
import { instanceName } from './instance-name.js';

/**
 * Which circuit instance a folder of Groth16 artifacts is for. The rule is the folder's name,
 * as `stones ceremony` writes it: `batch-award-v3-b<B>-n<N>` (circuits/artifacts/<circuit>/,
 * the instance circuits/instances/<circuit>.circom), v3 the circuit of formula version 3 and
 * later (quantised score, one coin hash), B the batch size and N the number of coins (the
 * formula's noise.n). A folder named otherwise is refused.
 */
export interface ArtifactsInstance {
  dir: string;
  circuit: string;
  batchSize: number;
  n: number;
  wasmPath: string;
  zkeyPath: string;
  verificationKeyPath: string;
}

const INSTANCE_NAME = /^batch-award-v3-b([1-9][0-9]*)-n([1-9][0-9]*)$/;

export { instanceName } from './instance-name.js';

/** The committed artifacts of a formula's instance: <repo>/circuits/artifacts/batch-award-v3-b<B>-n<N>. */
export function defaultArtifactsDir(formula: Formula): string {
  return join(packageRoot(), 'circuits', 'artifacts', instanceName(formula));
}

export function artifactsInstance(dir: string): ArtifactsInstance {
  const full = resolve(dir);
  const circuit = basename(full);
  const match = INSTANCE_NAME.exec(circuit);
  if (!match) throw new UsageError(`--artifacts ${dir}: the folder must be named batch-award-v3-b<B>-n<N> (as stones ceremony writes it), got ${circuit}`);
  const instance: ArtifactsInstance = {
    dir: full,
    circuit,
    batchSize: Number(match[1]),
    n: Number(match[2]),
    wasmPath: join(full, ARTIFACT_FILES.wasm),
    zkeyPath: join(full, ARTIFACT_FILES.zkey),
    verificationKeyPath: join(full, ARTIFACT_FILES.verificationKey),
  };
  for (const file of [instance.wasmPath, instance.zkeyPath, instance.verificationKeyPath]) {
    if (!existsSync(file)) throw new UsageError(`--artifacts ${dir}: no ${basename(file)} (run stones ceremony for ${circuit})`);
  }
  return instance;
}

/** Refuses artifacts made for another instance than the formula's (batch size and noise.n). */
export function requireInstanceOf(instance: ArtifactsInstance, formula: Formula): void {
  if (instance.batchSize !== formula.batch_size || instance.n !== formula.noise.n) {
    throw new ConfigError(
      `artifacts ${instance.circuit} prove batches of ${instance.batchSize} with n = ${instance.n}, but the formula has batch_size ${formula.batch_size} and noise.n ${formula.noise.n} (${instanceName(formula)})`,
    );
  }
}
