export {
  exportVerifier,
  renderGroth16Verifier,
  VERIFIER_FILE,
  VERIFIER_CONTRACT,
} from './export-verifier.js';
