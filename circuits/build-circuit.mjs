#!/usr/bin/env node
// Compiles a circom circuit with circom2 (circom 2.2.3 compiled to WebAssembly: no native
// toolchain) into R1CS, witness-generator WebAssembly and symbols.
//
//   node circuits/build-circuit.mjs <circuit.circom> [outDir]
//
// outDir defaults to a folder under os.tmpdir() (build output is never committed from here).
// Runs circom2 from the repository root with `-l node_modules`, so circuits include
// "circomlib/circuits/...".
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is <root>/circuits/build-circuit.mjs). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const CIRCOM2_CLI = join(REPO_ROOT, 'node_modules', 'circom2', 'cli.js');

/**
 * @param {{ source: string, outDir?: string, optimize?: 'O0' | 'O1' | 'O2', sym?: boolean, wasm?: boolean }} options
 */
export async function buildCircuit(options) {
  const source = resolve(REPO_ROOT, options.source);
  const name = basename(source).replace(/\.circom$/, '');
  const outDir = resolve(options.outDir ?? join(tmpdir(), 'stones-circuits', name));
  mkdirSync(outDir, { recursive: true });
  // The witness generator is most of the compile time: a caller that only reads the
  // constraints (wasm: false) skips it.
  const args = [CIRCOM2_CLI, source, '--r1cs', `--${options.optimize ?? 'O2'}`, '-l', 'node_modules', '-o', outDir];
  if (options.wasm ?? true) args.push('--wasm');
  if (options.sym ?? true) args.push('--sym');
  const started = performance.now();
  const { code, output } = await run(process.execPath, args, REPO_ROOT);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`circom2 failed on ${options.source} (exit ${code}):\n${output}`);
  return {
    name,
    outDir,
    r1csPath: join(outDir, `${name}.r1cs`),
    wasmPath: join(outDir, `${name}_js`, `${name}.wasm`),
    symPath: join(outDir, `${name}.sym`),
    nonLinearConstraints: countOf(output, 'non-linear constraints'),
    linearConstraints: countOf(output, 'linear constraints'),
    wires: countOf(output, 'wires'),
    seconds,
    output,
  };
}

function countOf(output, label) {
  const match = new RegExp(`^\\s*${label}:\\s*(\\d+)`, 'm').exec(output);
  return match ? Number(match[1]) : undefined;
}

function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [source, outDir] = process.argv.slice(2);
  if (!source || source === '--help' || source === '-h') {
    process.stdout.write('usage: node circuits/build-circuit.mjs <circuit.circom> [outDir]\n');
    process.exit(source ? 0 : 2);
  }
  buildCircuit({ source, outDir }).then(
    (built) => {
      process.stdout.write(built.output);
      process.stdout.write(`compiled ${built.name} in ${built.seconds.toFixed(1)} s into ${built.outDir}\n`);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
