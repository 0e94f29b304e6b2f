// The helper lives in bench/ (built into dist/, so `stones bench jobs` can use it); tests import it from here.
export { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../bench/small-circuit-formula.js';
