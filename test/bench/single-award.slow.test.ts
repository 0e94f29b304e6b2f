import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleAwardInput, singleAwardRun, singleAwardStatement, singleAwardWeightsBefore, type SingleAwardRun } from '../../bench/single-award-input.js';
import { binaryRootFromPath, SparseBinaryTree } from '../../bench/sparse-binary-tree.js';
import { buildCircuit, type BuiltCircuit } from '../../circuits/build-circuit.mjs';
import { BN254_FIELD_MODULUS } from '../../pipeline/commitments/index.js';
import { buildTree } from '../../pipeline/commitments/merkle/index.js';
import type { BatchCircuitInput } from '../../pipeline/proving/prove/index.js';
import type { RunUser } from '../../pipeline/publishing/run-snapshot.js';
import { drawCount } from '../../pipeline/draw/index.js';
import { coinHash, formulaDrawOf, quantiseScore, splitCoinHash } from '../../pipeline/scoring/index.js';
import { testPeriod, type TestPeriod } from '../circuits/support/batch-award-input.js';
import { ruleLines } from '../circuits/support/forge-witness.js';
import { readR1cs, readSym, readWtns, violatedConstraints, type R1cs } from '../circuits/support/r1cs.js';

// The baseline of `npm run bench -- prove`, SingleAward(20, 128) of formula version 3: one owner
// per proof with the per-owner checks of a BatchAward slot (the same OwnerAward template, the
// owner's share of the draw included) and a depth-20 binary Merkle path. Checked against the real pipeline code (testPeriod: commit and score) and the
// bench's input builder: honest witnesses satisfy every constraint and reproduce the statement;
// a few cheats are refused by the witness generator and, written into an honest witness, by
// the constraints. (The batch circuit's rules are forged one by one in batch-award.slow.test.ts.)

const DEPTH = 20;
const N_COINS = 128;
const INSTANCE = `bench/circuits/instances/single-award-v3-d${DEPTH}-n${N_COINS}.circom`;
const P = BN254_FIELD_MODULUS;

let outDir: string;
let built: BuiltCircuit;
let r1cs: R1cs;
let wires: Map<string, number>;
let period: TestPeriod;
let run: SingleAwardRun;
let tree: SparseBinaryTree;
let weightsBefore: bigint[];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'stones-single-award-'));
  built = await buildCircuit({ source: INSTANCE, outDir });
  r1cs = readR1cs(built.r1csPath);
  wires = readSym(built.symPath);
  period = await testPeriod();
  run = singleAwardRun(period.snapshot, period.formula, period.formulaHash);
  weightsBefore = singleAwardWeightsBefore(period.snapshot, period.formula);
  tree = new SparseBinaryTree(
    period.hasher,
    period.snapshot.users.map((user) => user.dataLeaf),
    DEPTH,
  );
}, 600_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function witnessOf(input: BatchCircuitInput): Promise<bigint[]> {
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, built.wasmPath, out);
  if (!out.data) throw new Error('snarkjs wrote no witness');
  return readWtns(out.data);
}

function wire(name: string): number {
  const index = wires.get(`main.${name}`);
  if (index === undefined) throw new Error(`no wire main.${name} in the circuit (eliminated or misspelt)`);
  return index;
}

function edited(witness: readonly bigint[], edits: Record<string, bigint>): bigint[] {
  const copy = witness.slice();
  for (const [name, value] of Object.entries(edits)) copy[wire(name)] = ((value % P) + P) % P;
  return copy;
}

const user = (index: number): RunUser => {
  const found = period.snapshot.users[index];
  if (!found) throw new Error(`no user ${index}`);
  return found;
};

/**
 * The bench's input (singleAwardInput) with the values the prover supplies per owner in formula
 * version 3, computed with the production functions as batchCircuitInput does.
 */
function inputOf(index: number): BatchCircuitInput {
  const owner = user(index);
  const { low, high } = splitCoinHash(coinHash(period.hasher, period.beacon, owner.salt));
  return {
    ...singleAwardInput(period.hasher, run, owner, tree.root, tree.path(index), weightBefore(index)),
    quotient: quantiseScore(owner.score, period.formula.noise.k).quotient.toString(),
    coin_low: low.toString(),
    coin_high: high.toString(),
    noisy: owner.noisyScore.toString(),
    award: owner.award.toString(),
    entries: owner.entries.toString(),
    draw_count: owner.drawCount.toString(),
  };
}

const weightBefore = (index: number): bigint => {
  const found = weightsBefore[index];
  if (found === undefined) throw new Error(`no user ${index}`);
  return found;
};

function countAt(weight: bigint): bigint {
  const { drawTotal, drawOffset } = period.snapshot.run;
  return drawCount({ stones: BigInt(formulaDrawOf(period.formula).stones), total: drawTotal, offset: drawOffset }, weight);
}

function statementOf(index: number, awardLeaf: bigint = user(index).awardLeaf): bigint {
  return singleAwardStatement(period.hasher, {
    formulaHash: period.formulaHash,
    runPool: period.snapshot.run.pool,
    total: period.snapshot.run.totalNoisy,
    beacon: period.beacon,
    dataRoot: tree.root,
    leafIndex: index,
    awardLeaf,
    drawTotal: period.snapshot.run.drawTotal,
    drawOffset: period.snapshot.run.drawOffset,
    weightBefore: weightBefore(index),
    countBefore: countAt(weightBefore(index)),
  });
}

/** The generator's error when an assert of the `template` line tagged `@rule <rule>` fails. */
function ownerRuleFailed(rule: string, template = 'OwnerAward'): RegExp {
  const lines = ruleLines().get(rule);
  if (lines?.length !== 1) throw new Error(`@rule ${rule} tags ${lines?.length ?? 0} lines, not 1`);
  return new RegExp(`Error in template ${template}_\\d+ line: ${lines[0]}\\b`);
}

/** The generator's error at the one line of single-award.circom holding `snippet`. */
function singleAwardFailed(snippet: string): RegExp {
  const source = readFileSync(new URL('../../bench/circuits/single-award.circom', import.meta.url), 'utf8').split('\n');
  const lines = source.flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []));
  if (lines.length !== 1) throw new Error(`${JSON.stringify(snippet)} is on ${lines.length} lines of single-award.circom, not 1`);
  return new RegExp(`Error in template SingleAward_\\d+ line: ${lines[0]}\\b`);
}

describe(`SingleAward(${DEPTH}, ${N_COINS}), the bench baseline`, () => {
  it('compiles to a circuit with one public signal', () => {
    expect(r1cs.nPublicInputs + r1cs.nPublicOutputs).toBe(1);
    console.info(`${INSTANCE}: ${r1cs.constraints.length} constraints, ${r1cs.nWires} wires, compiled in ${built.seconds.toFixed(1)} s`);
  });

  it('the sparse tree is the full binary Poseidon tree over the leaves padded with zeros', () => {
    const leaves = period.snapshot.users.map((u) => u.dataLeaf);
    const small = new SparseBinaryTree(period.hasher, leaves, 4);
    const full = buildTree(period.hasher, [...leaves, ...new Array<bigint>(16 - leaves.length).fill(0n)], 2);
    expect(small.root).toBe(full.root);
    for (const [i, leaf] of leaves.entries()) expect(binaryRootFromPath(period.hasher, leaf, small.path(i))).toBe(full.root);
  });

  it('an honest witness of every owner satisfies every constraint and reproduces the pipeline', async () => {
    for (const [index, owner] of period.snapshot.users.entries()) {
      expect(binaryRootFromPath(period.hasher, owner.dataLeaf, tree.path(index))).toBe(tree.root);
      const witness = await witnessOf(inputOf(index));
      expect(violatedConstraints(r1cs, witness), `owner ${index}`).toEqual([]);
      expect(witness[1]).toBe(statementOf(index));
    }
    // Among them: owners above their caps and one with a zero noisy score.
    expect(period.snapshot.users.some((u) => u.noisyScore === 0n)).toBe(true);
  });

  it("each owner's draw interval, from its batch's start, gives the pipeline's draw count and wins", () => {
    for (const [index, owner] of period.snapshot.users.entries()) {
      const before = weightBefore(index);
      expect(countAt(before + owner.entries * owner.noisyScore), `owner ${index}`).toBe(owner.drawCount);
      expect(owner.drawCount - countAt(before), `owner ${index}`).toBe(owner.drawWins);
    }
    // The last owner's interval ends at W, and the fixture has winners and entrants who win nothing.
    const last = period.snapshot.users.length - 1;
    const lastOwner = user(last);
    expect(weightBefore(last) + lastOwner.entries * lastOwner.noisyScore).toBe(period.snapshot.run.drawTotal);
    expect(period.snapshot.users.some((u) => u.drawWins > 0n)).toBe(true);
    expect(period.snapshot.users.some((u) => u.entries > 0n && u.noisyScore > 0n && u.drawWins === 0n)).toBe(true);
  });

  describe('cheats are refused', () => {
    const INDEX = 0;
    let honest: bigint[];
    let input: BatchCircuitInput;

    beforeAll(async () => {
      input = inputOf(INDEX);
      honest = await witnessOf(input);
    });

    it('a wrong sibling in the path', async () => {
      const siblings = (input.siblings as string[]).slice();
      siblings[5] = (BigInt(siblings[5] as string) + 1n).toString();
      await expect(witnessOf({ ...input, siblings })).rejects.toThrow(singleAwardFailed('statement === computed_statement;'));
      expect(violatedConstraints(r1cs, edited(honest, { 'siblings[5]': BigInt(siblings[5] as string) })).length).toBeGreaterThan(0);
    });

    it('a path bit that is not a bit', () => {
      expect(violatedConstraints(r1cs, edited(honest, { 'path_bits[0]': 2n })).length).toBeGreaterThan(0);
    });

    it('an award one higher, even with a statement consistent with it (award_floor_low)', async () => {
      const owner = user(INDEX);
      const award = owner.award + 1n;
      const statement = statementOf(INDEX, period.hasher.hash([owner.tag, owner.noisyScore, award, owner.drawWins]));
      await expect(witnessOf({ ...input, award: award.toString(), statement: statement.toString() })).rejects.toThrow(ownerRuleFailed('award_floor_low'));
      expect(violatedConstraints(r1cs, edited(honest, { award, statement })).length).toBeGreaterThan(0);
    });

    it('one stone more, even with an award leaf and a statement consistent with it (draw_ceil_high)', async () => {
      const owner = user(INDEX);
      expect(owner.drawWins).toBeGreaterThan(0n);
      const drawCountUp = owner.drawCount + 1n;
      const statement = statementOf(INDEX, period.hasher.hash([owner.tag, owner.noisyScore, owner.award, owner.drawWins + 1n]));
      await expect(witnessOf({ ...input, draw_count: drawCountUp.toString(), statement: statement.toString() })).rejects.toThrow(
        ownerRuleFailed('draw_ceil_high', 'DrawCount'),
      );
      expect(violatedConstraints(r1cs, edited(honest, { draw_count: drawCountUp, statement })).length).toBeGreaterThan(0);
    });

    it('a count before one lower, so the owner wins one more (the statement binds it)', async () => {
      const countBefore = BigInt(input.count_before as string) - 1n;
      await expect(witnessOf({ ...input, count_before: countBefore.toString() })).rejects.toThrow(singleAwardFailed('statement === computed_statement;'));
    });

    it('q + 1, with the noisy score of q + 1 (remainder_low)', async () => {
      const k = BigInt(period.formula.noise.k);
      const q = BigInt(input.quotient as string) + 1n;
      const noisy = user(INDEX).noisyScore + k;
      await expect(witnessOf({ ...input, quotient: q.toString(), noisy: noisy.toString() })).rejects.toThrow(ownerRuleFailed('remainder_low'));
      expect(violatedConstraints(r1cs, edited(honest, { quotient: q, noisy })).length).toBeGreaterThan(0);
    });
  });
});
