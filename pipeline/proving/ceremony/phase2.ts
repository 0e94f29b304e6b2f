import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zKey } from 'snarkjs';
import type { CeremonyProgress, CeremonyStep, PublicBeacon } from './ceremony-types.js';
import { contributionEntropy } from './contribution-entropy.js';
import { bytesToHex, fileSha256 } from './file-sha256.js';
import { capturingLogger } from './snarkjs-logger.js';

export interface Phase2Options {
  r1csPath: string;
  /** A prepared ptau (runPhase1's result). */
  ptauPath: string;
  contributors: readonly string[];
  beacon: PublicBeacon;
  /** Where the intermediate zkeys go (under os.tmpdir()). */
  workDir: string;
  operator: string;
  progress?: CeremonyProgress;
}

export interface Phase2Result {
  /** The final, beacon-finalised zkey. */
  zkeyPath: string;
  /** The verification key exported from it, as written (JSON text). */
  verificationKeyPath: string;
  steps: CeremonyStep[];
}

/**
 * Phase 2 (Groth16, circuit specific): zKey.newZKey from the r1cs and the prepared ptau, one
 * contribution per contributor, a final public beacon, then the verification key export.
 */
export async function runPhase2(options: Phase2Options): Promise<Phase2Result> {
  const { workDir, beacon, progress = () => {} } = options;
  await mkdir(workDir, { recursive: true });
  const steps: CeremonyStep[] = [];

  const record = async (
    kind: CeremonyStep['kind'],
    who: string,
    output: string,
    started: number,
    hash: Uint8Array | undefined,
    hashOf: CeremonyStep['hashOf'],
  ): Promise<void> => {
    const seconds = (performance.now() - started) / 1000;
    const outputSha256 = await fileSha256(output);
    const step: CeremonyStep = {
      phase: 2,
      kind,
      who,
      at: new Date().toISOString(),
      seconds: Math.round(seconds * 10) / 10,
      hash: hash ? bytesToHex(hash) : outputSha256,
      hashOf,
      outputSha256,
    };
    steps.push(step);
    progress(`phase 2: ${kind} done in ${seconds.toFixed(1)} s, hash ${step.hash.slice(0, 16)}…`);
  };

  let current = join(workDir, 'circuit_0000.zkey');
  {
    progress('phase 2: setup (zkey from r1cs and prepared ptau) ...');
    const logger = capturingLogger((line) => progress(`phase 2: snarkjs: ${line}`));
    const started = performance.now();
    const circuitHash = await zKey.newZKey(options.r1csPath, options.ptauPath, current, logger);
    if (circuitHash === -1) throw new Error(`snarkjs zKey.newZKey failed: ${logger.lastError() ?? 'no reason given'}`);
    await record('setup', options.operator, current, started, circuitHash, 'circuit');
  }

  for (const [i, who] of options.contributors.entries()) {
    const next = join(workDir, `circuit_${String(i + 1).padStart(4, '0')}.zkey`);
    progress(`phase 2: contribution by ${who} ...`);
    const logger = capturingLogger((line) => progress(`phase 2: snarkjs: ${line}`));
    const started = performance.now();
    const hash = await zKey.contribute(current, next, who, contributionEntropy(), logger);
    await record('contribution', who, next, started, hash, 'contribution-response');
    await rm(current, { force: true });
    current = next;
  }

  {
    const final = join(workDir, 'circuit_final.zkey');
    progress('phase 2: final public beacon ...');
    const logger = capturingLogger((line) => progress(`phase 2: snarkjs: ${line}`));
    const started = performance.now();
    const who = `public beacon ${beacon.hex}`;
    const hash = await zKey.beacon(current, final, who, beacon.hex, beacon.iterationsExp, logger);
    if (hash === false) throw new Error(`snarkjs zKey.beacon failed: ${logger.lastError() ?? 'no reason given'}`);
    await record('beacon', who, final, started, hash, 'contribution-response');
    await rm(current, { force: true });
    current = final;
  }

  const verificationKeyPath = join(workDir, 'verification_key.json');
  {
    progress('phase 2: export verification key ...');
    const started = performance.now();
    const verificationKey = await zKey.exportVerificationKey(current);
    await writeFile(verificationKeyPath, `${JSON.stringify(verificationKey, null, 2)}\n`);
    await record('export', options.operator, verificationKeyPath, started, undefined, 'output-sha256');
  }

  return { zkeyPath: current, verificationKeyPath, steps };
}
