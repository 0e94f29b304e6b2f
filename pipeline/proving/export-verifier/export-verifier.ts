import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as snarkjs from 'snarkjs';
import { UsageError } from '../../errors/index.js';
import { releaseSnarkjsCurve } from '../ceremony/release-curve.js';
import { groth16VerifierTemplate } from './verifier-template.js';

/** The file written into the output folder; the contract inside is `Groth16Verifier`. */
export const VERIFIER_FILE = 'Groth16Verifier.sol';
export const VERIFIER_CONTRACT = 'Groth16Verifier';

/** types/snarkjs.d.ts declares only what the ceremony uses; this is the part used here. */
type ExportSolidityVerifier = (zkey: string | { type: 'mem'; data?: Uint8Array }, templates: Record<string, string>) => Promise<string>;

export interface ExportVerifierOptions {
  /** A committed artifacts folder holding circuit.zkey, e.g. circuits/artifacts/batch-award-v3-b2-n128. */
  artifactsDir: string;
  /** Where Groth16Verifier.sol is written (created if needed). */
  outDir: string;
}

export interface ExportVerifierResult {
  path: string;
  source: string;
}

/** Renders the Solidity Groth16 verifier of a zkey (snarkjs template), with no file written. */
export async function renderGroth16Verifier(zkeyPath: string): Promise<string> {
  const exportSolidityVerifier = (snarkjs.zKey as unknown as { exportSolidityVerifier: ExportSolidityVerifier }).exportSolidityVerifier;
  try {
    return await exportSolidityVerifier(zkeyPath, { groth16: groth16VerifierTemplate() });
  } finally {
    // Reading the zkey builds snarkjs's multi-threaded curve; its workers would keep the process alive.
    await releaseSnarkjsCurve();
  }
}

/** Writes `<outDir>/Groth16Verifier.sol` for the artifacts folder's circuit.zkey. */
export async function exportVerifier(options: ExportVerifierOptions): Promise<ExportVerifierResult> {
  const artifactsDir = resolve(options.artifactsDir);
  if (!existsSync(artifactsDir) || !statSync(artifactsDir).isDirectory()) {
    throw new UsageError(`no artifacts folder at ${options.artifactsDir}: run stones ceremony first, or pass --artifacts`);
  }
  const zkeyPath = join(artifactsDir, 'circuit.zkey');
  if (!existsSync(zkeyPath)) {
    throw new UsageError(`no circuit.zkey in ${options.artifactsDir}: not a ceremony artifacts folder`);
  }
  const source = await renderGroth16Verifier(zkeyPath);
  const outDir = resolve(options.outDir);
  const path = join(outDir, VERIFIER_FILE);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, source);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { path, source };
}
