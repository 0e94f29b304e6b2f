export { readCrystalHistory, type CrystalHistory } from './crystal-history.js';
