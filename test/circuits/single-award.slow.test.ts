import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleAwardInput, singleAwardStatement, type SingleAwardRun } from '../../bench/single-award-input.js';
import { binaryRootFromPath, SparseBinaryTree } from '../../bench/sparse-binary-tree.js';
import { buildCircuit, type BuiltCircuit } from '../../circuits/build-circuit.mjs';
import { BN254_FIELD_MODULUS } from '../../pipeline/commitments/index.js';
import { buildTree } from '../../pipeline/commitments/merkle/index.js';
import { FEATURE_NAMES } from '../../pipeline/scoring/index.js';
import { scorePeriod, testFormula, type CircuitInput, type TestPeriod, type TestUser } from './support/batch-award-input.js';
import { readR1cs, readSym, readWtns, violatedConstraints, type R1cs } from './support/r1cs.js';

// The baseline circuit of `stones bench prove`, SingleAward(20, 256): one user per proof with
// the per-user checks of a BatchAward slot and a depth-20 binary Merkle path. Checked against
// the real pipeline code (scorePeriod) and the bench's own input builder: honest witnesses
// satisfy every constraint; a wrong sibling and an award one higher are refused by the witness
// generator and, written into an honest witness, by the constraints.

const DEPTH = 20;
const N_COINS = 256;
const P = BN254_FIELD_MODULUS;
const PEPPER = 0x2e3d4c5b6a798897a6b5c4d3e2f1f0e1d2c3b4a5968778695a4b3c2d1e0fn;
const BEACON = 0x5eed0fbeac1n;

function features(values: number[]): TestUser['features'] {
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, BigInt(values[i] as number)])) as TestUser['features'];
}

const USERS: TestUser[] = [
  { userId: 'owner-0101', features: features([22, 150, 1800, 340, 90, 4, 400]), salt: 0x0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8n },
  { userId: 'owner-0102', features: features([9, 30, 410, 0, 55, 2, 45]), salt: 0x7766554433221100ffeeddccbbaa99887766554433221100ffeeddccbbaa99n },
  { userId: 'owner-0103', features: features([31, 100, 1000, 200, 200, 5, 90]), salt: 0x13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf02468an },
];

let outDir: string;
let built: BuiltCircuit;
let r1cs: R1cs;
let wires: Map<string, number>;
let period: TestPeriod;
let run: SingleAwardRun;
let tree: SparseBinaryTree;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'stones-single-award-'));
  built = await buildCircuit({ source: `circuits/instances/single-award-d${DEPTH}-n${N_COINS}.circom`, outDir });
  r1cs = readR1cs(built.r1csPath);
  wires = readSym(built.symPath);
  period = await scorePeriod(await testFormula(N_COINS, 2), PEPPER, BEACON, USERS);
  run = { formula: period.formula, formulaHash: period.formulaHash, carriedIn: period.carriedIn, total: period.total, beacon: period.beacon };
  tree = new SparseBinaryTree(period.hasher, period.users.map((user) => user.dataLeaf), DEPTH);
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function witnessOf(input: CircuitInput): Promise<bigint[]> {
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

function valueOf(witness: readonly bigint[], name: string): bigint {
  return witness[wire(name)] as bigint;
}

function edited(witness: readonly bigint[], edits: Record<string, bigint>): bigint[] {
  const copy = witness.slice();
  for (const [name, value] of Object.entries(edits)) copy[wire(name)] = ((value % P) + P) % P;
  return copy;
}

function inputOf(index: number): CircuitInput {
  return singleAwardInput(period.hasher, run, period.users[index]!, tree.root, tree.path(index));
}

const SOURCES = {
  SingleAward: readFileSync(new URL('../../circuits/single-award.circom', import.meta.url), 'utf8').split('\n'),
  AwardRange: readFileSync(new URL('../../circuits/batch-award.circom', import.meta.url), 'utf8').split('\n'),
};

/** The witness generator's error when the assert on the one source line holding `snippet` fails. */
function assertFailed(template: keyof typeof SOURCES, snippet: string): RegExp {
  const lines = SOURCES[template].flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []));
  if (lines.length !== 1) throw new Error(`${JSON.stringify(snippet)} is on ${lines.length} lines of ${template}'s source, not 1`);
  return new RegExp(`Error in template ${template}_\\d+ line: ${lines[0]}\\b`);
}

describe(`single-award baseline circuit, depth ${DEPTH}, n = ${N_COINS}`, () => {
  it('compiles to a circuit with one public signal', () => {
    expect(r1cs.nPublicInputs + r1cs.nPublicOutputs).toBe(1);
    console.info(`single-award d=${DEPTH} n=${N_COINS}: ${r1cs.constraints.length} constraints, ${r1cs.nWires} wires, compiled in ${built.seconds.toFixed(1)} s`);
  });

  it('the sparse tree is the full binary Poseidon tree over the leaves padded with zeros', () => {
    const leaves = period.users.map((user) => user.dataLeaf);
    const small = new SparseBinaryTree(period.hasher, leaves, 4);
    const full = buildTree(period.hasher, [...leaves, ...new Array<bigint>(16 - leaves.length).fill(0n)], 2);
    expect(small.root).toBe(full.root);
    leaves.forEach((leaf, i) => expect(binaryRootFromPath(period.hasher, leaf, small.path(i))).toBe(full.root));
    expect(binaryRootFromPath(period.hasher, 0n, small.path(15))).toBe(full.root);
  });

  it('an honest witness of every user satisfies every constraint and reproduces the pipeline', async () => {
    for (const [index, user] of period.users.entries()) {
      const path = tree.path(index);
      expect(binaryRootFromPath(period.hasher, user.dataLeaf, path)).toBe(tree.root);
      const witness = await witnessOf(inputOf(index));
      expect(violatedConstraints(r1cs, witness), `user ${index}`).toEqual([]);
      expect(witness[1]).toBe(
        singleAwardStatement(period.hasher, {
          formulaHash: period.formulaHash,
          runPool: period.formula.pool + period.carriedIn,
          total: period.total,
          beacon: BEACON,
          dataRoot: tree.root,
          leafIndex: index,
          awardLeaf: user.awardLeaf,
        }),
      );
      expect(valueOf(witness, 'coins.count')).toBe(BigInt(user.coins));
      expect(valueOf(witness, 'awardLeaf.inputs[1]')).toBe(user.noisy);
      expect(valueOf(witness, 'path.root')).toBe(tree.root);
    }
  });

  describe('cheats are refused', () => {
    let honest: bigint[];
    let input: CircuitInput;

    beforeAll(async () => {
      input = inputOf(2);
      honest = await witnessOf(input);
    });

    it('a wrong sibling in the path', async () => {
      const siblings = (input.siblings as string[]).slice();
      siblings[5] = (BigInt(siblings[5] as string) + 1n).toString();
      await expect(witnessOf({ ...input, siblings })).rejects.toThrow(assertFailed('SingleAward', 'statement === statementHash.out;'));
      expect(violatedConstraints(r1cs, edited(honest, { 'siblings[5]': BigInt(siblings[5] as string) })).length).toBeGreaterThan(0);
    });

    it('a path bit that is not a bit', () => {
      expect(violatedConstraints(r1cs, edited(honest, { 'path_bits[0]': 2n })).length).toBeGreaterThan(0);
    });

    it('an award one higher, even with a statement consistent with it', async () => {
      const user = period.users[2]!;
      const award = user.award + 1n;
      const statement = singleAwardStatement(period.hasher, {
        formulaHash: period.formulaHash,
        runPool: period.formula.pool + period.carriedIn,
        total: period.total,
        beacon: BEACON,
        dataRoot: tree.root,
        leafIndex: 2,
        awardLeaf: period.hasher.hash([user.tag, user.noisy, award]),
      });
      const cheatInput = { ...input, award: award.toString(), statement: statement.toString() };
      await expect(witnessOf(cheatInput)).rejects.toThrow(assertFailed('AwardRange', '(1 - lowOk.out) * (1 - totalIsZero) === 0;'));
      const cheat = edited(honest, { award, 'awardRange.low': award * period.total });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });
  });
});
