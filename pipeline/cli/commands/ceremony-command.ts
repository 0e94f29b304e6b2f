import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
// Static import of the beacon parser only: snarkjs (and its worker threads) load when the command runs.
import { parseCeremonyBeacon } from '../../proving/ceremony/public-beacon.js';
import { parsePositiveInteger } from '../parse-options.js';

type BuildCircuitModule = typeof import('../../../circuits/build-circuit.mjs');

interface CeremonyCommandOptions {
  circuit: string;
  power?: number;
  contributors: number;
  names?: string;
  beacon?: string;
  artifacts: string;
  transcripts: string;
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

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function ceremonyCommand(): Command {
  return new Command('ceremony')
    .description(
      'compile a circuit and run its trusted setup with snarkjs (phase 1 powers of tau, phase 2 Groth16), ' +
        'writing the proving artifacts and the ceremony transcript',
    )
    .requiredOption('--circuit <path>', 'the circuit instance, e.g. circuits/instances/batch-award-v2-b2-n128.circom')
    .option('--power <P>', 'powers-of-tau power (default: the smallest that fits the circuit)', parsePositiveInteger('--power'))
    .option('--contributors <N>', 'contributions in each phase, each with fresh entropy', parsePositiveInteger('--contributors'), 2)
    .option('--names <list>', 'comma-separated contributor names (default: "contributor i of N")')
    .option('--beacon <hex>', 'public randomness fixed after the last contribution (default: a demo beacon, marked as such)')
    .option('--artifacts <dir>', 'where circuits/artifacts/<circuit>/ goes', 'circuits/artifacts')
    .option('--transcripts <dir>', 'where the transcript <circuit>.json goes', 'circuits/ceremony')
    .addHelpText(
      'after',
      '\nPhase 1 runs in <tmpdir>/stones-ceremony/ptau-bn128-p<power>; if it is interrupted, the same\n' +
        'command resumes after the last finished step. Phase 1 takes about 8 minutes at power 14.',
    )
    .action(async (options: CeremonyCommandOptions) => {
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
      let built;
      try {
        built = await buildCircuit({ source });
      } catch (error) {
        throw new UsageError(`${options.circuit} does not compile: ${(error as Error).message.split('\n').find((l) => /error/i.test(l)) ?? 'see circom output'}`);
      }
      say(`compiled ${circuit} in ${built.seconds.toFixed(1)} s (${built.nonLinearConstraints ?? '?'} non-linear constraints)`);
      if (beacon.demo) process.stderr.write('WARNING: DEMO BEACON. No --beacon given: the final beacons use a fixed, predictable value.\n');

      const artifactsDir = resolve(options.artifacts, circuit);
      const transcriptPath = resolve(options.transcripts, `${circuit}.json`);
      const { runCeremony } = await import('../../proving/ceremony/index.js');
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
    });
}
