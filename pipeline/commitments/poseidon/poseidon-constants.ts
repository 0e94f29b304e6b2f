import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { optimizedConstantsOf, plainConstantsOf, type OptimizedConstants, type PlainConstants, type RawConstants } from './poseidon-constant-tables.js';

export {
  POSEIDON_FULL_ROUNDS,
  POSEIDON_PARTIAL_ROUNDS,
  type OptimizedConstants,
  type PlainConstants,
  type RawConstants,
} from './poseidon-constant-tables.js';

const raw = new Map<string, RawConstants>();

/** circomlibjs ships its constants as JSON in src/, which its `exports` map hides: read the file from its folder. */
export function readCircomlibjsConstants(file: 'poseidon_constants.json' | 'poseidon_constants_opt.json'): RawConstants {
  let constants = raw.get(file);
  if (constants === undefined) {
    const require = createRequire(import.meta.url);
    // Resolves to <package>/build/main.cjs (the 'require' entry of its exports map).
    const packageRoot = join(dirname(require.resolve('circomlibjs')), '..');
    constants = JSON.parse(readFileSync(join(packageRoot, 'src', file), 'utf8')) as RawConstants;
    raw.set(file, constants);
  }
  return constants;
}

const optimized = new Map<number, OptimizedConstants>();
const plain = new Map<number, PlainConstants>();

/** The optimized constants for width t (inputs + 1), parsed once per process. */
export function optimizedConstants(t: number): OptimizedConstants {
  let constants = optimized.get(t);
  if (constants === undefined) {
    constants = optimizedConstantsOf(readCircomlibjsConstants('poseidon_constants_opt.json'), t);
    optimized.set(t, constants);
  }
  return constants;
}

/** The plain (unoptimized) constants for width t (inputs + 1), parsed once per process. */
export function plainConstants(t: number): PlainConstants {
  let constants = plain.get(t);
  if (constants === undefined) {
    constants = plainConstantsOf(readCircomlibjsConstants('poseidon_constants.json'), t);
    plain.set(t, constants);
  }
  return constants;
}
