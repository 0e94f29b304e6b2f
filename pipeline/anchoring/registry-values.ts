import { keccak256, toBytes, type Hex } from 'viem';
import { fieldFromHex } from '../commitments/field-encoding.js';
import { buildTree } from '../commitments/merkle/poseidon-tree.js';
import { merklePath } from '../commitments/merkle/merkle-path.js';
import { padToPowerOfTwo } from '../commitments/merkle/pad-to-power-of-two.js';
import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import type { Manifest, ProofFile } from '../formats/index.js';
import { runStatement } from '../proving/prove/batch-statement.js';
import { manifestRecordSha256 } from '../publishing/manifest-record-sha256.js';
import { TOP_TREE_ARITY } from '../commitments/run-tree-shape.js';

/** StonesRegistry.Commitment: what is fixed before the beacon. */
export interface RegistryCommitment {
  runId: string;
  period: string;
  instance: Hex;
  formulaSha256: Hex;
  formulaPoseidon: bigint;
  dataRoot: bigint;
  batchCount: number;
  users: number;
  replaces: Hex;
}

/** StonesRegistry.Outcome: the published result. */
export interface RegistryOutcome {
  pool: bigint;
  totalNoisy: bigint;
  totalAwards: bigint;
  remainder: bigint;
  beacon: bigint;
  awardRoot: bigint;
  drawTotal: bigint;
  drawOffset: bigint;
  manifestSha256: Hex;
}

/** StonesRegistry.Batch with the sibling paths of its two roots in the run's top trees. */
export interface RegistryBatch {
  batch: {
    index: number;
    dataRoot: bigint;
    awardRoot: bigint;
    noisySum: bigint;
    awardSum: bigint;
    drawStart: bigint;
    drawEnd: bigint;
    drawWins: bigint;
    entries: bigint;
  };
  dataPath: bigint[];
  awardPath: bigint[];
}

export const ZERO_KEY: Hex = `0x${'0'.repeat(64)}`;

/** The registry's key of a run (or of a period, or of a circuit instance): keccak256 of its name. */
export function registryKey(name: string): Hex {
  return keccak256(toBytes(name));
}

export function commitmentOf(manifest: Manifest, circuit: string, replaces: Hex = ZERO_KEY): RegistryCommitment {
  return commitmentOfRun(
    {
      runId: manifest.run_id,
      period: manifest.period,
      formulaSha256: manifest.formula.sha256,
      formulaPoseidon: manifest.formula.poseidon,
      dataRoot: manifest.data_root,
      batches: manifest.batches.length,
      users: manifest.users,
    },
    circuit,
    replaces,
  );
}

/** What a committed run fixes before its beacon, as the database or the manifest hold it (hex without or with 0x as stored). */
export interface CommittedRun {
  runId: string;
  period: string;
  formulaSha256: string;
  formulaPoseidon: string;
  dataRoot: string;
  batches: number;
  users: number;
}

/** The registry's commitment of a run: the same from the database at commit time as from its manifest later. */
export function commitmentOfRun(run: CommittedRun, circuit: string, replaces: Hex = ZERO_KEY): RegistryCommitment {
  return {
    runId: run.runId,
    period: run.period,
    instance: registryKey(circuit),
    formulaSha256: `0x${run.formulaSha256}`,
    formulaPoseidon: fieldFromHex(run.formulaPoseidon),
    dataRoot: fieldFromHex(run.dataRoot),
    batchCount: run.batches,
    users: run.users,
    replaces,
  };
}

export function outcomeOf(manifest: Manifest): RegistryOutcome {
  return {
    pool: BigInt(manifest.pool),
    totalNoisy: BigInt(manifest.total_noisy_score),
    totalAwards: BigInt(manifest.total_awards),
    remainder: BigInt(manifest.remainder),
    beacon: fieldFromHex(manifest.beacon.value),
    awardRoot: fieldFromHex(manifest.award_root),
    drawTotal: BigInt(manifest.draw.total),
    drawOffset: BigInt(manifest.draw.offset),
    manifestSha256: `0x${manifestRecordSha256(manifest)}`,
  };
}

/** The statement's run part the registry computes at record (Poseidon of the outcome's six values). */
export function registryRunStatement(hasher: PoseidonHasher, manifest: Manifest): bigint {
  const outcome = outcomeOf(manifest);
  return runStatement(hasher, {
    formulaHash: fieldFromHex(manifest.formula.poseidon),
    runPool: outcome.pool,
    total: outcome.totalNoisy,
    beacon: outcome.beacon,
    drawTotal: outcome.drawTotal,
    drawOffset: outcome.drawOffset,
  });
}

/** Each batch's values and the sibling paths of its data and award roots in the binary top trees (zero-padded). */
export function batchesOf(hasher: PoseidonHasher, manifest: Manifest): RegistryBatch[] {
  const dataTree = buildTree(hasher, padToPowerOfTwo(manifest.batches.map((b) => fieldFromHex(b.data_root))), TOP_TREE_ARITY);
  const awardTree = buildTree(hasher, padToPowerOfTwo(manifest.batches.map((b) => fieldFromHex(b.award_root))), TOP_TREE_ARITY);
  const siblings = (tree: typeof dataTree, index: number) => merklePath(tree, index).levels.map((level) => level.siblings[0] as bigint);
  return manifest.batches.map((b, index) => ({
    batch: {
      index,
      dataRoot: fieldFromHex(b.data_root),
      awardRoot: fieldFromHex(b.award_root),
      noisySum: BigInt(b.noisy_sum),
      awardSum: BigInt(b.award_sum),
      drawStart: BigInt(b.draw_start),
      drawEnd: BigInt(b.draw_end),
      drawWins: BigInt(b.draw_wins),
      entries: BigInt(b.entries),
    },
    dataPath: siblings(dataTree, index),
    awardPath: siblings(awardTree, index),
  }));
}

/** Solidity's Groth16 argument layout: pi_b's coordinates swap within each pair. */
export function groth16ProofArgs(file: ProofFile): { a: [bigint, bigint]; b: [[bigint, bigint], [bigint, bigint]]; c: [bigint, bigint] } {
  const p = file.proof;
  const n = (s: string | undefined) => BigInt(s as string);
  return {
    a: [n(p.pi_a[0]), n(p.pi_a[1])],
    b: [
      [n(p.pi_b[0]?.[1]), n(p.pi_b[0]?.[0])],
      [n(p.pi_b[1]?.[1]), n(p.pi_b[1]?.[0])],
    ],
    c: [n(p.pi_c[0]), n(p.pi_c[1])],
  };
}
