import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * snarkjs 0.7.6 takes its Solidity templates as an argument, keyed by protocol
 * (`{ groth16: <ejs source> }`); they ship in its package under templates/. Its main entry
 * (build/main.cjs, or main.js for import) sits one folder below the package root.
 */
function snarkjsTemplatePath(name: string): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('snarkjs');
  return join(dirname(entry), '..', 'templates', name);
}

/** The Groth16 verifier template of the installed snarkjs. */
export function groth16VerifierTemplate(): string {
  return readFileSync(snarkjsTemplatePath('verifier_groth16.sol.ejs'), 'utf8');
}
