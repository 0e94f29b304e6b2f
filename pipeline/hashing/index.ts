export { sha256Bytes, sha256Hex } from './sha256.js';
