export {
  exportVerifier,
  renderGroth16Verifier,
  VERIFIER_FILE,
  VERIFIER_CONTRACT,
  type ExportVerifierOptions,
  type ExportVerifierResult,
} from './export-verifier.js';
export { groth16VerifierTemplate, snarkjsTemplatePath } from './verifier-template.js';
