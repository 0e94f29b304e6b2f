export {
  exportVerifier,
  VERIFIER_FILE,
  VERIFIER_CONTRACT,
} from './export-verifier.js';
