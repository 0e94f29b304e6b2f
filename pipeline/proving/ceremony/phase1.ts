import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { curves, powersOfTau } from 'snarkjs';
import type { CeremonyProgress, CeremonyStep, CeremonyStepKind, PublicBeacon } from './ceremony-types.js';
import { contributionEntropy } from './contribution-entropy.js';
import { bytesToHex, fileSha256 } from './file-sha256.js';
import { capturingLogger } from './snarkjs-logger.js';

export interface Phase1Options {
  power: number;
  contributors: readonly string[];
  beacon: PublicBeacon;
  /** Where the ptau files go (under os.tmpdir(); never committed). Reused to resume. */
  workDir: string;
  /** Who runs the steps with no secret (new, prepare). */
  operator: string;
  progress?: CeremonyProgress;
}

export interface Phase1Result {
  /** The beacon-finalised, phase-2-prepared ptau. */
  ptauPath: string;
  steps: CeremonyStep[];
  /** Steps found done in workDir and not run again. */
  resumed: number;
}

interface PlannedStep {
  kind: CeremonyStepKind;
  who: string;
  file: string;
}

interface Phase1State {
  curve: 'bn128';
  power: number;
  beaconHex: string;
  done: (CeremonyStep & { file: string })[];
}

const STATE_FILE = 'phase1-state.json';

/**
 * Phase 1 (powers of tau, circuit independent): a new bn128 accumulator, one contribution per
 * contributor, a final public beacon, then preparePhase2. Each finished step is recorded in
 * `<workDir>/phase1-state.json`, so running again with the same power and beacon picks up after
 * the last finished step; superseded ptau files are deleted as it goes.
 */
export async function runPhase1(options: Phase1Options): Promise<Phase1Result> {
  const { power, beacon, workDir, progress = () => {} } = options;
  await mkdir(workDir, { recursive: true });
  const plan: PlannedStep[] = [
    { kind: 'new', who: options.operator, file: 'pot_00_new.ptau' },
    ...options.contributors.map((who, i) => ({ kind: 'contribution' as const, who, file: `pot_${String(i + 1).padStart(2, '0')}_contribution.ptau` })),
    { kind: 'beacon', who: `public beacon ${beacon.hex}`, file: 'pot_final_beacon.ptau' },
    { kind: 'prepare', who: options.operator, file: 'pot_final_prepared.ptau' },
  ];

  const state = await loadState(workDir, power, beacon.hex, plan);
  const resumed = state.done.length;
  if (resumed > 0) progress(`phase 1: resuming after ${resumed} finished step(s) found in ${workDir}`);

  for (let index = resumed; index < plan.length; index++) {
    const step = plan[index] as PlannedStep;
    const previous = index > 0 ? join(workDir, (plan[index - 1] as PlannedStep).file) : undefined;
    const output = join(workDir, step.file);
    const logger = capturingLogger((line) => progress(`phase 1: snarkjs: ${line}`));
    const started = performance.now();
    let hash: string;
    let hashOf: CeremonyStep['hashOf'];
    progress(`phase 1: ${describe(step, power)} ...`);
    if (step.kind === 'new') {
      const curve = await curves.getCurveFromName('bn128');
      hash = bytesToHex(await powersOfTau.newAccumulator(curve, power, output, logger));
      hashOf = 'first-challenge';
    } else if (step.kind === 'contribution') {
      hash = bytesToHex(await powersOfTau.contribute(previous as string, output, step.who, contributionEntropy(), logger));
      hashOf = 'contribution-response';
    } else if (step.kind === 'beacon') {
      const result = await powersOfTau.beacon(previous as string, output, step.who, beacon.hex, beacon.iterationsExp, logger);
      if (result === false) throw new Error(`snarkjs powersOfTau.beacon failed: ${logger.lastError() ?? 'no reason given'}`);
      hash = bytesToHex(result);
      hashOf = 'contribution-response';
    } else {
      await powersOfTau.preparePhase2(previous as string, output, logger);
      hash = '';
      hashOf = 'output-sha256';
    }
    const seconds = (performance.now() - started) / 1000;
    const outputSha256 = await fileSha256(output);
    const done: CeremonyStep & { file: string } = {
      phase: 1,
      kind: step.kind,
      who: step.who,
      at: new Date().toISOString(),
      seconds: Math.round(seconds * 10) / 10,
      hash: hashOf === 'output-sha256' ? outputSha256 : hash,
      hashOf,
      outputSha256,
      file: step.file,
    };
    state.done.push(done);
    await writeFile(join(workDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
    if (previous) await rm(previous, { force: true });
    progress(`phase 1: ${step.kind} done in ${seconds.toFixed(1)} s, hash ${done.hash.slice(0, 16)}…`);
  }

  return {
    ptauPath: join(workDir, (plan[plan.length - 1] as PlannedStep).file),
    steps: state.done.map(({ file: _file, ...step }) => step),
    resumed,
  };
}

function describe(step: PlannedStep, power: number): string {
  switch (step.kind) {
    case 'new':
      return `new bn128 accumulator, power ${power}`;
    case 'contribution':
      return `contribution by ${step.who}`;
    case 'beacon':
      return 'final public beacon';
    default:
      return 'prepare phase 2';
  }
}

/**
 * The finished steps to keep: only when the saved state is for the same power and beacon, its
 * steps follow the plan, and the last one's file is still there with the recorded SHA-256.
 */
async function loadState(workDir: string, power: number, beaconHex: string, plan: readonly PlannedStep[]): Promise<Phase1State> {
  const fresh: Phase1State = { curve: 'bn128', power, beaconHex, done: [] };
  const path = join(workDir, STATE_FILE);
  if (!existsSync(path)) return fresh;
  let saved: Phase1State;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as Phase1State;
  } catch {
    return fresh;
  }
  if (saved.power !== power || saved.beaconHex !== beaconHex || !Array.isArray(saved.done)) return fresh;
  const done: Phase1State['done'] = [];
  for (const [i, step] of saved.done.entries()) {
    const planned = plan[i];
    if (!planned || planned.kind !== step.kind || planned.who !== step.who || planned.file !== step.file) break;
    done.push(step);
  }
  // Steps after a mismatch cannot be reused; the last kept step's output must still be intact.
  while (done.length > 0) {
    const last = done[done.length - 1] as Phase1State['done'][number];
    const file = join(workDir, last.file);
    if (existsSync(file) && (await fileSha256(file)) === last.outputSha256) break;
    done.pop();
  }
  return { ...fresh, done };
}
