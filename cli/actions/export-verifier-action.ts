import { relative } from 'node:path';
import { exportVerifier } from '../../pipeline/proving/export-verifier/index.js';
import { defaultArtifactsDir } from '../../pipeline/proving/prove/index.js';
import { loadFormula } from '../../pipeline/scoring/index.js';

export interface ExportVerifierOptions {
  out: string;
  artifacts?: string;
  formula: string;
}

/** `stones export-verifier`: Groth16Verifier.sol of the given artifacts, else of the formula's instance (as stones prove picks it). */
export async function exportVerifierAction(options: ExportVerifierOptions): Promise<void> {
  const artifactsDir = options.artifacts ?? defaultArtifactsDir((await loadFormula(options.formula)).formula);
  const { path } = await exportVerifier({ artifactsDir, outDir: options.out });
  const shown = relative(process.cwd(), path);
  process.stdout.write(`written: ${shown.startsWith('..') || shown === '' ? path : shown} (contract Groth16Verifier, verifyProof)\n`);
}
