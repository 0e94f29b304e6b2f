import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors/index.js';
import type { CeremonyProgress, CeremonyTranscript, PublicBeacon } from './ceremony-types.js';
import { contributorNames } from './contribution-entropy.js';
import { runPhase1 } from './phase1.js';
import { runPhase2 } from './phase2.js';
import { readR1csHeader } from './r1cs-header.js';
import { releaseSnarkjsCurve } from './release-curve.js';
import { choosePower } from './required-power.js';
import { writeArtifacts, type ArtifactsWritten } from './write-artifacts.js';
import { writeTranscript } from './transcript.js';

export interface CeremonyOptions {
  /** The circuit's name (the .circom file's base name); names the artifacts folder and transcript. */
  circuit: string;
  r1csPath: string;
  wasmPath: string;
  /** Defaults to the smallest power that fits the circuit. */
  power?: number;
  /** Number of contributors in each phase (at least 1). */
  contributors: number;
  /** Their names; defaults to `contributor i of N`. */
  contributorNames?: readonly string[];
  beacon: PublicBeacon;
  /** `circuits/artifacts/<circuit>/` */
  artifactsDir: string;
  /** `circuits/ceremony/<circuit>.json` */
  transcriptPath: string;
  /** The phase 1 work folder (resumable); defaults to `<tmpdir>/stones-ceremony/ptau-bn128-p<power>`. */
  phase1WorkDir?: string;
  /** Who runs the steps that hold no secret. */
  operator?: string;
  progress?: CeremonyProgress;
}

export interface CeremonyResult {
  power: number;
  transcript: CeremonyTranscript;
  transcriptPath: string;
  artifacts: ArtifactsWritten;
  phase1Seconds: number;
  phase2Seconds: number;
  /** Phase 1 steps reused from an earlier, interrupted run. */
  phase1Resumed: number;
}

/** Default phase 1 work folder for a power: a later run with the same power resumes there. */
function defaultPhase1WorkDir(power: number): string {
  return join(tmpdir(), 'stones-ceremony', `ptau-bn128-p${power}`);
}

/**
 * The whole trusted setup for one compiled circuit: phase 1 (or its resumption), phase 2, the
 * artifacts proving and verifying need, and the transcript.
 */
export async function runCeremony(options: CeremonyOptions): Promise<CeremonyResult> {
  const progress = options.progress ?? (() => {});
  if (!Number.isSafeInteger(options.contributors) || options.contributors < 1) {
    throw new UsageError(`--contributors must be 1 or more, got ${options.contributors}`);
  }
  if (options.contributorNames && options.contributorNames.length > 0 && options.contributorNames.length !== options.contributors) {
    throw new UsageError(`${options.contributorNames.length} contributor names given for ${options.contributors} contributors`);
  }
  if (!existsSync(options.wasmPath)) throw new UsageError(`witness generator not found: ${options.wasmPath}`);
  const { header, bytes } = await readR1csHeader(options.r1csPath);
  const r1csSha256 = createHash('sha256').update(bytes).digest('hex');
  const power = choosePower(header, options.circuit, options.power);
  const names = contributorNames(options.contributors, options.contributorNames);
  const operator = options.operator ?? 'stones ceremony';
  const startedAt = new Date().toISOString();
  progress(
    `${options.circuit}: ${header.constraints.toLocaleString('en-US')} constraints, ` +
      `${header.publicInputs + header.publicOutputs} public signals -> power ${power}; ${names.length} contributor(s)`,
  );

  const phase2WorkDir = await mkdtemp(join(tmpdir(), 'stones-ceremony-phase2-'));
  try {
    const phase1Started = performance.now();
    const phase1WorkDir = options.phase1WorkDir ?? defaultPhase1WorkDir(power);
    const phase1 = await runPhase1({ power, contributors: names, beacon: options.beacon, workDir: phase1WorkDir, operator, progress });
    const phase1Seconds = (performance.now() - phase1Started) / 1000;

    const phase2Started = performance.now();
    const phase2 = await runPhase2({
      r1csPath: options.r1csPath,
      ptauPath: phase1.ptauPath,
      contributors: names,
      beacon: options.beacon,
      workDir: phase2WorkDir,
      operator,
      progress,
    });
    const phase2Seconds = (performance.now() - phase2Started) / 1000;

    const artifacts = await writeArtifacts({
      dir: options.artifactsDir,
      circuit: options.circuit,
      wasmPath: options.wasmPath,
      zkeyPath: phase2.zkeyPath,
      verificationKeyPath: phase2.verificationKeyPath,
      r1csSha256,
    });
    // The artifact copies must be the files the steps produced.
    if (artifacts.zkey.sha256 !== phase2.steps.find((s) => s.kind === 'beacon')?.outputSha256) {
      throw new Error('the copied zkey differs from the one the final beacon wrote');
    }
    const transcript: CeremonyTranscript = {
      circuit: options.circuit,
      curve: 'bn128',
      power,
      r1cs: {
        sha256: r1csSha256,
        constraints: header.constraints,
        wires: header.wires,
        publicInputs: header.publicInputs,
        publicOutputs: header.publicOutputs,
        privateInputs: header.privateInputs,
      },
      beacon: options.beacon,
      tool: 'snarkjs 0.7.6 (JavaScript API)',
      startedAt,
      finishedAt: new Date().toISOString(),
      steps: [...phase1.steps, ...phase2.steps],
      artifacts: { wasm: artifacts.wasm, zkey: artifacts.zkey, verificationKey: artifacts.verificationKey },
    };
    await writeTranscript(options.transcriptPath, transcript);
    return {
      power,
      transcript,
      transcriptPath: options.transcriptPath,
      artifacts,
      phase1Seconds,
      phase2Seconds,
      phase1Resumed: phase1.resumed,
    };
  } finally {
    await rm(phase2WorkDir, { recursive: true, force: true });
    await releaseSnarkjsCurve();
  }
}
