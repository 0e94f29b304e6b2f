import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { plainConstantsOf, type PlainConstants, type RawConstants } from './poseidon-constant-tables.js';

export {
  POSEIDON_FULL_ROUNDS,
  POSEIDON_PARTIAL_ROUNDS,
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

const plain = new Map<number, PlainConstants>();

/** The plain (unoptimized) constants for width t (inputs + 1), parsed once per process. */
export function plainConstants(t: number): PlainConstants {
  let constants = plain.get(t);
  if (constants === undefined) {
    constants = plainConstantsOf(readCircomlibjsConstants('poseidon_constants.json'), t);
    plain.set(t, constants);
  }
  return constants;
}
