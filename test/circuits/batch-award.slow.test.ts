import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCircuit, type BuiltCircuit } from '../../circuits/build-circuit.mjs';
import { BN254_FIELD_MODULUS } from '../../pipeline/commitments/index.js';
import { coinCount, FEATURE_NAMES, formulaNumbers } from '../../pipeline/scoring/index.js';
import {
  batchInput,
  batchUsers,
  honestStatement,
  scorePeriod,
  statementOf,
  testFormula,
  type CircuitInput,
  type TestPeriod,
  type TestUser,
} from './support/batch-award-input.js';
import { readR1cs, readSym, readWtns, violatedConstraints, type R1cs } from './support/r1cs.js';

// The batch-award circuit with B = 2 users per proof and n = 256 coins (2 hashes per user),
// checked against the REAL pipeline code: an honest witness satisfies every constraint and
// reproduces the pipeline's numbers; each way a prover could cheat is refused, both by the
// witness generator (its asserts) and, since a malicious prover does not have to use that
// generator, by the constraints themselves (the honest witness with the cheat written into it).

const B = 2;
const N_COINS = 256;
const P = BN254_FIELD_MODULUS;
const PEPPER = 0x1d2c3b4a5968778695a4b3c2d1e0f0e1d2c3b4a5968778695a4b3c2d1e0fn;
const BEACON = 0x5eed0fbeac0n;

function features(values: number[]): TestUser['features'] {
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, BigInt(values[i] as number)])) as TestUser['features'];
}

// Three users in two batches: the second batch has one real user and one padding slot.
// Above-cap values (trips 150 > 100, km 1800 > 1000, tenure 400 > 90) exercise the min().
const USERS: TestUser[] = [
  { userId: 'owner-0001', features: features([22, 150, 1800, 340, 90, 4, 400]), salt: 0x0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8n },
  { userId: 'owner-0002', features: features([9, 30, 410, 0, 55, 2, 45]), salt: 0x7766554433221100ffeeddccbbaa99887766554433221100ffeeddccbbaa99n },
  { userId: 'owner-0003', features: features([31, 100, 1000, 200, 200, 5, 90]), salt: 0x13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf02468an },
];

let outDir: string;
let built: BuiltCircuit;
let r1cs: R1cs;
let wires: Map<string, number>;
let period: TestPeriod;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'stones-circuit-'));
  built = await buildCircuit({ source: `circuits/instances/batch-award-b${B}-n${N_COINS}.circom`, outDir });
  r1cs = readR1cs(built.r1csPath);
  wires = readSym(built.symPath);
  period = await scorePeriod(await testFormula(N_COINS, B), PEPPER, BEACON, USERS);
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

/** The witness index of a signal the optimizer kept (throws for an eliminated one). */
function wire(name: string): number {
  const index = wires.get(`main.${name}`);
  if (index === undefined) throw new Error(`no wire main.${name} in the circuit (eliminated or misspelt)`);
  return index;
}

function valueOf(witness: readonly bigint[], name: string): bigint {
  return witness[wire(name)] as bigint;
}

/** A copy of the witness with signals overwritten, as a malicious prover would write it. */
function edited(witness: readonly bigint[], edits: Record<string, bigint>): bigint[] {
  const copy = witness.slice();
  for (const [name, value] of Object.entries(edits)) copy[wire(name)] = ((value % P) + P) % P;
  return copy;
}

/** A copy of a batch input with some fields replaced (values as decimal strings). */
function withInput(input: CircuitInput, changes: Record<string, string | string[] | string[][]>): CircuitInput {
  return { ...structuredClone(input), ...changes };
}

const CIRCUIT_SOURCE = readFileSync(new URL('../../circuits/batch-award.circom', import.meta.url), 'utf8').split('\n');

/**
 * The error the witness generator throws when the assert on the (unique) source line holding
 * `snippet` fails: circom names the template and the line.
 */
function assertFailed(template: string, snippet: string): RegExp {
  const lines = CIRCUIT_SOURCE.flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []));
  if (lines.length !== 1) throw new Error(`${JSON.stringify(snippet)} is on ${lines.length} lines of batch-award.circom, not 1`);
  return new RegExp(`Error in template ${template}_\\d+ line: ${lines[0]}\\b`);
}

/** The constraints that involve exactly these wires (and the constant wire 0), no other. */
function constraintsOn(names: string[]): number[] {
  const allowed = new Set([0, ...names.map(wire)]);
  const found: number[] = [];
  r1cs.constraints.forEach((constraint, index) => {
    const used = new Set(constraint.flatMap((lc) => lc.wires));
    if ([...used].every((w) => allowed.has(w)) && names.every((name) => used.has(wire(name)))) found.push(index);
  });
  return found;
}

function replaced<T>(values: readonly T[], index: number, value: T): T[] {
  const copy = values.slice();
  copy[index] = value;
  return copy;
}

describe(`batch-award circuit, B = ${B}, n = ${N_COINS}`, () => {
  it('compiles to a circuit with one public signal', () => {
    expect(r1cs.nPublicInputs + r1cs.nPublicOutputs).toBe(1);
    expect(built.nonLinearConstraints).toBe(r1cs.constraints.length);
    // Reported by the issue: constraint count and compile time of the test instance.
    console.info(`batch-award B=${B} n=${N_COINS}: ${r1cs.constraints.length} constraints, ${r1cs.nWires} wires, compiled in ${built.seconds.toFixed(1)} s`);
  });

  it('hashes the same 26 formula numbers as formulaNumbers', () => {
    expect(formulaNumbers(period.formula)).toHaveLength(26);
    expect(period.formula.noise.n).toBe(N_COINS);
    expect(period.batches).toBe(2);
  });

  describe('honest witnesses', () => {
    it('a full batch satisfies every constraint and reproduces the pipeline bit for bit', async () => {
      const witness = await witnessOf(batchInput(period, 0));
      expect(violatedConstraints(r1cs, witness)).toEqual([]);
      expect(witness[1]).toBe(honestStatement(period, 0));
      batchUsers(period, 0).forEach((user, slot) => {
        if (!user) throw new Error('batch 0 is full');
        expect(valueOf(witness, `noisy[${slot}].score`)).toBe(user.score);
        expect(valueOf(witness, `coins[${slot}].count`)).toBe(BigInt(user.coins));
        expect(valueOf(witness, `realNoisy[${slot}]`)).toBe(user.noisy);
        expect(valueOf(witness, `dataLeafOut[${slot}]`)).toBe(user.dataLeaf);
        expect(valueOf(witness, `awardLeafOut[${slot}]`)).toBe(user.awardLeaf);
      });
      // The first user is above three caps: the circuit's min() agrees with scoreOf.
      expect(batchUsers(period, 0).some((user) => user && user.features.trips > 100n)).toBe(true);
    });

    it('a run with a remainder carried in proves its awards against the formula pool plus that remainder', async () => {
      const carried = await scorePeriod(period.formula, PEPPER, BEACON, USERS, 123_457n);
      const input = batchInput(carried, 0);
      expect(violatedConstraints(r1cs, await witnessOf(input))).toEqual([]);
      // The same awards claimed without the carried remainder do not fit the formula pool alone.
      const withoutCarry = withInput(input, { carried_in: '0' });
      await expect(witnessOf(withoutCarry)).rejects.toThrow();
    });

    it('a batch with a padding slot satisfies every constraint, with zero leaves for the padding', async () => {
      const witness = await witnessOf(batchInput(period, 1));
      expect(violatedConstraints(r1cs, witness)).toEqual([]);
      expect(witness[1]).toBe(honestStatement(period, 1));
      expect(valueOf(witness, 'dataLeafOut[1]')).toBe(0n);
      expect(valueOf(witness, 'awardLeafOut[1]')).toBe(0n);
      expect(valueOf(witness, 'realNoisy[1]')).toBe(0n);
    });
  });

  describe('soundness: every cheat violates the constraints', () => {
    let honest: bigint[];
    let honestPadded: bigint[];
    let input: CircuitInput;

    beforeAll(async () => {
      input = batchInput(period, 0);
      honest = await witnessOf(input);
      honestPadded = await witnessOf(batchInput(period, 1));
    });

    const user = (slot: number) => {
      const found = batchUsers(period, 0)[slot];
      if (!found) throw new Error(`no user in slot ${slot}`);
      return found;
    };

    /** The statement of batch 0 with user 0's award replaced (leaf and sum follow it). */
    const statementWithAward0 = (award: bigint): string => {
      const slots = batchUsers(period, 0).map((u) => u!);
      const cheated = slots.map((u, slot) =>
        slot === 0 ? { ...u, award, awardLeaf: period.hasher.hash([u.tag, u.noisy, award]) } : u,
      );
      return statementOf(period, 0, cheated).toString();
    };

    for (const delta of [1n, -1n]) {
      it(`award one ${delta > 0n ? 'higher' : 'lower'}`, async () => {
        const award = user(0).award + delta;
        // The generator refuses even with a statement that is consistent with the cheat: only
        // the award range can catch it.
        const cheatInput = withInput(input, {
          award: replaced(input.award as string[], 0, award.toString()),
          statement: statementWithAward0(award),
        });
        const rule = delta > 0n ? '(1 - lowOk.out) * (1 - totalIsZero) === 0;' : '(1 - highOk.out) * (1 - totalIsZero) === 0;';
        await expect(witnessOf(cheatInput)).rejects.toThrow(assertFailed('AwardRange', rule));
        // The prover writes the award, its product with S and the award sum into the witness.
        const total = period.total;
        const cheat = edited(honest, { 'award[0]': award, 'awardRange[0].low': award * total });
        expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
        // Even claiming the comparator said yes does not help: its bit decomposition breaks.
        for (const flag of ['lowOk.out', 'highOk.out']) {
          const claimed = edited(cheat, { [`awardRange[0].${flag}`]: 1n });
          expect(violatedConstraints(r1cs, claimed).length).toBeGreaterThan(0);
        }
      });
    }

    it('a feature above its 32-bit width (a field wrap-around that the min() would take)', async () => {
      // trips = p + cap - 2^32 + 5: LessThan(32) would compare it as a small number and keep it.
      const cap = BigInt(period.formula.features.trips.cap);
      const wrapped = P + cap - (1n << 32n) + 5n;
      const cheatInput = withInput(input, {
        features: (input.features as string[][]).map((row, slot) => (slot === 0 ? replaced(row, 1, wrapped.toString()) : row)),
      });
      await expect(witnessOf(cheatInput)).rejects.toThrow(/Error in template Num2Bits_\d+ line: \d+\nError in template RangeCheck_\d+ line: \d+\nError in template FeatureScore_/);
      const weight = BigInt(period.formula.features.trips.weight);
      const cheat = edited(honest, {
        'features[0][1]': wrapped,
        'score[0].capped[1].out': wrapped,
        'score[0].term[1]': weight * wrapped,
      });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('a score that does not match the features', () => {
      const score = user(0).score + 1000n;
      const cheat = edited(honest, { 'noisy[0].score': score });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
      // Changing one term the score sums does not help either: the product no longer holds.
      const term = edited(honest, { 'score[0].term[0]': valueOf(honest, 'score[0].term[0]') + 1000n, 'noisy[0].score': score });
      expect(violatedConstraints(r1cs, term).length).toBeGreaterThan(0);
    });

    it('a noisy score other than max(0, score + k(C - n/2))', () => {
      const cheat = edited(honest, { 'noisy[0].noisy': user(0).noisy + 1n, 'realNoisy[0]': user(0).noisy + 1n });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('a coin bit flipped (one more head)', () => {
      let bit = -1;
      for (let i = 0; i < 128 && bit < 0; i++) {
        const name = `coins[0].bits[0].out[${i}]`;
        if (wires.has(`main.${name}`) && valueOf(honest, name) === 0n) bit = i;
      }
      expect(bit).toBeGreaterThanOrEqual(0);
      const cheat = edited(honest, {
        [`coins[0].bits[0].out[${bit}]`]: 1n,
        'coins[0].count': BigInt(user(0).coins + 1),
      });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('coin bits that decompose the hash plus p (a field alias of the hash)', () => {
      // Num2Bits alone accepts the bits of h + p when h + p < 2^254: they sum to h in the field.
      // Num2Bits_strict's AliasCheck is what refuses them.
      const candidates = [0, 1].flatMap((slot) => [0, 1].map((j) => ({ slot, j })));
      const bitsOf = (slot: number, j: number, i: number) => `coins[${slot}].bits[${j}].out[${i}]`;
      const users = batchUsers(period, 0);
      // The hash itself, and one of its bits, are linear combinations the optimizer removed.
      const hashOf = (slot: number, j: number) => period.hasher.hash([BEACON, users[slot]!.salt, BigInt(j)]);
      const found = candidates.find(({ slot, j }) => hashOf(slot, j) + P < 1n << 254n);
      if (!found) throw new Error('no coin hash of batch 0 below 2^254 - p: pick another test beacon');
      const hash = hashOf(found.slot, found.j);
      const alias = hash + P;
      const edits: Record<string, bigint> = {};
      let aliasOnes = 0n;
      let honestOnes = 0n;
      for (let i = 0; i < 254; i++) {
        const bit = (alias >> BigInt(i)) & 1n;
        if (wires.has(`main.${bitsOf(found.slot, found.j, i)}`)) edits[bitsOf(found.slot, found.j, i)] = bit;
        if (i < 128) {
          aliasOnes += bit;
          honestOnes += (hash >> BigInt(i)) & 1n;
        }
      }
      expect(aliasOnes).not.toBe(honestOnes); // the alias would change the coins
      edits[`coins[${found.slot}].count`] = BigInt(users[found.slot]!.coins) - honestOnes + aliasOnes;
      expect(violatedConstraints(r1cs, edited(honest, edits)).length).toBeGreaterThan(0);
    });

    it('a salt that does not match the data leaf', async () => {
      const salt = user(0).salt + 1n;
      await expect(witnessOf(withInput(input, { salt: replaced(input.salt as string[], 0, salt.toString()) }))).rejects.toThrow();
      const cheat = edited(honest, { 'salt[0]': salt });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('two leaves swapped', async () => {
      const swap = <T>(values: T[]): T[] => [values[1] as T, values[0] as T];
      const cheatInput = withInput(input, {
        user_tag: swap(input.user_tag as string[]),
        features: swap(input.features as string[][]),
        salt: swap(input.salt as string[]),
        award: swap(input.award as string[]),
      });
      await expect(witnessOf(cheatInput)).rejects.toThrow(assertFailed('BatchAward', 'statement === statementHash.out;'));
      const cheat = edited(honest, { 'dataLeafOut[0]': user(1).dataLeaf, 'dataLeafOut[1]': user(0).dataLeaf });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
      const awards = edited(honest, { 'awardLeafOut[0]': user(1).awardLeaf, 'awardLeafOut[1]': user(0).awardLeaf });
      expect(violatedConstraints(r1cs, awards).length).toBeGreaterThan(0);
    });

    it('a padding slot with a non-zero award', async () => {
      const padded = batchInput(period, 1);
      const real = batchUsers(period, 1)[0]!;
      // One stone for the padding slot, with a statement consistent with it (award sum + 1).
      const statement = statementOf(period, 1, [real, { dataLeaf: 0n, awardLeaf: 0n, noisy: 0n, award: 1n }]);
      const cheatInput = withInput(padded, { award: [real.award.toString(), '1'], statement: statement.toString() });
      // A padding slot counts as a zero noisy score, so already award * S <= pool * 0 fails.
      await expect(witnessOf(cheatInput)).rejects.toThrow(assertFailed('AwardRange', '(1 - lowOk.out) * (1 - totalIsZero) === 0;'));
      const cheat = edited(honestPadded, { 'award[1]': 1n });
      const violated = violatedConstraints(r1cs, cheat);
      // ... and so does the padding rule itself, award * (1 - is_real) = 0.
      const paddingRule = constraintsOn(['award[1]', 'is_real[1]']);
      expect(paddingRule).toHaveLength(1);
      expect(violated).toContain(paddingRule[0]);
    });

    it('a padding slot turned into a real user, or padding before a real user', () => {
      expect(violatedConstraints(r1cs, edited(honestPadded, { 'is_real[1]': 1n })).length).toBeGreaterThan(0);
      expect(violatedConstraints(r1cs, edited(honestPadded, { 'is_real[0]': 0n, 'is_real[1]': 1n })).length).toBeGreaterThan(0);
    });

    it('a weight other than the published formula', async () => {
      const weight = BigInt(period.formula.features.active_days.weight) + 1n;
      await expect(witnessOf(withInput(input, { weight: replaced(input.weight as string[], 0, weight.toString()) }))).rejects.toThrow();
      const cheat = edited(honest, { 'weight[0]': weight });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('a formula whose noise n is not the circuit’s', async () => {
      await expect(witnessOf(withInput(input, { n: String(N_COINS * 2) }))).rejects.toThrow(assertFailed('BatchAward', 'n === N_COINS;'));
    });

    it('S = 0: an honest period with every noisy score 0 proves all-zero awards, and no other', async () => {
      // Users with no data whose coins all fall below n/2: every noisy score is 0, so S = 0.
      const candidates: TestUser[] = [];
      for (let salt = 1n; candidates.length < 2 && salt < 64n; salt++) {
        if (coinCount(period.hasher, BEACON, salt, N_COINS) <= N_COINS / 2) {
          candidates.push({ userId: `idle-${salt}`, features: features([0, 0, 0, 0, 0, 0, 0]), salt });
        }
      }
      const idle = await scorePeriod(period.formula, PEPPER, BEACON, candidates);
      expect(idle.total).toBe(0n);
      expect(idle.users.map((u) => u.award)).toEqual([0n, 0n]);
      const witness = await witnessOf(batchInput(idle, 0));
      expect(violatedConstraints(r1cs, witness)).toEqual([]);
      const cheatInput = withInput(batchInput(idle, 0), { award: ['1', '0'] });
      await expect(witnessOf(cheatInput)).rejects.toThrow(assertFailed('AwardRange', 'award * totalIsZero === 0;'));
      expect(violatedConstraints(r1cs, edited(witness, { 'award[0]': 1n })).length).toBeGreaterThan(0);
    });

    it('S = 0 claimed with a non-zero award', () => {
      const cheat = edited(honest, { total: 0n, 'awardRange[0].totalIsZero': 1n, 'awardRange[0].low': 0n, 'awardRange[1].low': 0n });
      expect(violatedConstraints(r1cs, cheat).length).toBeGreaterThan(0);
    });

    it('a public statement other than the batch’s', () => {
      const cheat = edited(honest, { statement: honestStatement(period, 0) + 1n });
      expect(violatedConstraints(r1cs, cheat)).toHaveLength(1);
    });
  });
});
