import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../../pipeline/errors/index.js';
import { parseCeremonyBeacon } from '../../pipeline/proving/ceremony/public-beacon.js';
import { printJson } from '../print-json.js';

type BuildCircuitModule = typeof import('../../circuits/build-circuit.mjs');

export interface CeremonyCommandOptions {
  circuit: string;
  power?: number;
  contributors: number;
  names?: string;
  beacon?: string;
  artifacts: string;
  transcripts: string;
  json?: boolean;
}

/**
 * circuits/build-circuit.mjs is plain JavaScript outside the TypeScript build: find it by walking
 * up from this file, which works from the sources (tests) and from dist/ alike.
 */
async function loadBuildCircuit(): Promise<BuildCircuitModule> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'circuits', 'build-circuit.mjs');
    if (existsSync(candidate)) return (await import(pathToFileURL(candidate).href)) as BuildCircuitModule;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('circuits/build-circuit.mjs not found above the stones installation');
    dir = parent;
  }
}

/** `stones ceremony`: compile, then phase 1 and phase 2; with --json the progress goes to stderr and the result is one JSON document. */
export async function ceremonyAction(options: CeremonyCommandOptions): Promise<void> {
  const say = (line: string): void => {
    (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  const source = resolve(options.circuit);
  if (!source.endsWith('.circom')) throw new UsageError(`--circuit must be a .circom file, got "${options.circuit}"`);
  if (!existsSync(source)) throw new UsageError(`circuit not found: ${options.circuit}`);
  const beacon = parseCeremonyBeacon(options.beacon);
  const names = options.names
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const contributors = names && names.length > 0 && options.contributors === 2 ? names.length : options.contributors;
  const circuit = basename(source, '.circom');

  const { buildCircuit } = await loadBuildCircuit();
  say(`compiling ${relative(process.cwd(), source)} ...`);
  let built: Awaited<ReturnType<typeof buildCircuit>>;
  try {
    built = await buildCircuit({ source });
  } catch (error) {
    throw new UsageError(`${options.circuit} does not compile: ${(error as Error).message.split('\n').find((l) => /error/i.test(l)) ?? 'see circom output'}`);
  }
  say(`compiled ${circuit} in ${built.seconds.toFixed(1)} s (${built.nonLinearConstraints ?? '?'} non-linear constraints)`);
  if (beacon.demo) process.stderr.write('WARNING: DEMO BEACON. No --beacon given: the final beacons use a fixed, predictable value.\n');

  const artifactsDir = resolve(options.artifacts, circuit);
  const transcriptPath = resolve(options.transcripts, `${circuit}.json`);
  const { runCeremony } = await import('../../pipeline/proving/ceremony/index.js');
  const result = await runCeremony({
    circuit,
    r1csPath: built.r1csPath,
    wasmPath: built.wasmPath,
    ...(options.power === undefined ? {} : { power: options.power }),
    contributors,
    ...(names && names.length > 0 ? { contributorNames: names } : {}),
    beacon,
    artifactsDir,
    transcriptPath,
    progress: say,
  });
  say(
    `ceremony done: power ${result.power}, phase 1 ${result.phase1Seconds.toFixed(1)} s` +
      `${result.phase1Resumed > 0 ? ` (resumed after ${result.phase1Resumed} steps)` : ''}, phase 2 ${result.phase2Seconds.toFixed(1)} s`,
  );
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  say(
    `written: ${relative(process.cwd(), artifactsDir)}/ (circuit.wasm ${mb(result.artifacts.wasm.bytes)}, ` +
      `circuit.zkey ${mb(result.artifacts.zkey.bytes)}, verification_key.json, r1cs.sha256)`,
  );
  say(`written: ${relative(process.cwd(), transcriptPath)}`);
  if (options.json) printJson({ circuit, ...result, artifacts_dir: artifactsDir, transcript: transcriptPath });
}
