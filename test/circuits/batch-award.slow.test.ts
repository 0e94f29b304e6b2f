import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../circuits/build-circuit.mjs';
import { BN254_FIELD_MODULUS } from '../../pipeline/commitments/index.js';
import { batchStatement, runDrawBatches } from '../../pipeline/proving/prove/index.js';
import { drawRandom } from '../../pipeline/draw/index.js';
import { COIN_HASH_HIGH_LIMIT } from '../../pipeline/scoring/index.js';
import {
  aliasFits,
  at,
  batchClaim,
  honestBatchInput,
  negativeHighSplit,
  NO_ENTRY_PROFILES,
  TEST_BATCH_SIZE,
  TEST_COINS,
  TEST_DRAW,
  testPeriod,
  userAt,
  type Cheat,
  type TestPeriod,
} from './support/batch-award-input.js';
import { BuildQueue, circuitSource, Forger, mutantSource, ruleLines, RULES, type Forgery, type Rule } from './support/forge-witness.js';
import { expectCommittedArtifactsOf } from './support/committed-artifacts.js';
import { violatedConstraints } from './support/r1cs.js';

// BatchAward(2, 128), the test instance of formula version 3, against the REAL pipeline code.
//
// Honest: every batch of a small scored period (owners above their caps, one with a zero noisy
// score, a padding slot, a draw of 3 stones with winners, a loser, a non-entrant), as
// batchCircuitInput builds it, satisfies every constraint and reproduces the pipeline's leaves,
// roots, sums, draw counts and statement.
//
// Forged: for every `@rule` line of circuits/batch-award.circom, witnesses that break THAT rule
// and nothing else (support/forge-witness.ts): the circuit without the rule's lines (the
// mutant) accepts each, the deployed O2 circuit rejects it, and the O0 circuit rejects it at
// exactly the rule's own constraints. So each rule has power, and each cheat is caught by it.

const INSTANCE = `circuits/instances/batch-award-v3-b${TEST_BATCH_SIZE}-n${TEST_COINS}.circom`;
const P = BN254_FIELD_MODULUS;
const TIMEOUT = 600_000;

let period: TestPeriod;
let forger: Forger;
/** The same owners without any entries: a draw with W = 0 (its forger shares the builds). */
let noEntries: Forger;

beforeAll(async () => {
  period = await testPeriod();
  // Every build is queued now and compiled in the background (one more at a time than there
  // are cores), in the order the tests need them; each test waits for its own.
  forger = new Forger(period, INSTANCE, new BuildQueue(Math.max(2, availableParallelism() + 1)));
  forger.prepare(RULES);
  noEntries = new Forger(await testPeriod({ profiles: NO_ENTRY_PROFILES }), INSTANCE, forger.builds);
});

afterAll(async () => {
  await forger?.builds.dispose();
}, TIMEOUT);

const field = (value: bigint): bigint => ((value % P) + P) % P;

/** The checks every forgery must pass. */
async function expectForgery(rule: Rule, cheat: Cheat, by: Forger = forger): Promise<Forgery> {
  const forgery = await by.forge(rule, cheat);
  const honest = honestBatchInput(by.period, cheat.batch ?? 0);
  // It is a cheat: the prover's input differs from the honest one.
  expect({ ...forgery.claim.input, statement: forgery.statement.toString() }).not.toEqual(honest);
  // The relaxed circuit computes the statement the production functions give for the claim.
  expect(forgery.computedStatement).toBe(forgery.claim.statement);
  // (a) The circuit without the rule accepts the forged witness.
  expect(forgery.mutantViolations).toEqual([]);
  // (b) The deployed circuit (O2) rejects it.
  expect(forgery.realO2Violations.length).toBeGreaterThan(0);
  // (c) The O0 circuit rejects it at the rule's own constraints, and only there.
  expect(forgery.mutantOnly).toEqual([]);
  expect(forgery.ruleConstraints.size).toBeGreaterThan(0);
  expect(forgery.realO0Violations.length).toBeGreaterThan(0);
  expect(forgery.realO0Violations.filter((index) => !forgery.ruleConstraints.has(index))).toEqual([]);
  // Every wire the optimiser kept is in the mutant's witness, but those of the rule's own lines.
  expect(forgery.o2WiresFromMutant + forgery.o2OwnWires).toBe(forgery.o2Wires);
  return forgery;
}

function slotOf(forgery: Forgery, slot: number) {
  const found = forgery.claim.slots.find((s) => s.ref.slot === slot);
  if (!found) throw new Error(`no slot ${slot}`);
  return found;
}

function honestUser(batch: number, slot: number) {
  const user = userAt(period, batch, slot);
  if (!user) throw new Error(`slot ${slot} of batch ${batch} is padding`);
  return user;
}

describe(`BatchAward(${TEST_BATCH_SIZE}, ${TEST_COINS})`, () => {
  describe('the source and the fixture', () => {
    it(
      "has committed ceremony artifacts of today's source (the O2 build below, as committed-artifacts.slow.test.ts checks the other instances)",
      async () => {
        const name = `batch-award-v3-b${TEST_BATCH_SIZE}-n${TEST_COINS}`;
        expectCommittedArtifactsOf('circuits', name, (await forger.realO2()).built);
      },
      TIMEOUT,
    );

    it('tags exactly the 23 rules, each a pure check a mutant can remove', () => {
      const source = circuitSource();
      expect([...ruleLines(source).keys()].sort()).toEqual([...RULES].sort());
      expect(RULES).toHaveLength(23);
      for (const rule of RULES) {
        const mutant = mutantSource(rule, { source });
        expect(mutant.split('\n')).toHaveLength(source.split('\n').length);
        expect(mutant.length).toBe(source.length);
        expect(mutant).not.toBe(source);
      }
    });

    it('circuits/README.md lists every rule with its real lines', () => {
      const readme = readFileSync(join(REPO_ROOT, 'circuits', 'README.md'), 'utf8');
      const listed = new Map(
        [...readme.matchAll(/^\| `([a-z_]+)` \|.*\| `\1` mutant: without lines? ([\d, ]+) \|$/gm)].map((row) => [
          row[1] as string,
          (row[2] as string).split(',').map((line) => Number(line.trim())),
        ]),
      );
      expect(listed).toEqual(ruleLines());
    });

    it('has owners above their caps, a zero noisy score and a padding slot; the claim model is batchCircuitInput', () => {
      const { users, run } = period.snapshot;
      expect(run.batches).toBe(3);
      expect(userAt(period, 2, 1)).toBeUndefined();
      const above = honestUser(0, 0);
      expect(above.features.trips > BigInt(period.formula.features.trips.cap)).toBe(true);
      expect(above.features.tenure_days > BigInt(period.formula.features.tenure_days.cap)).toBe(true);
      expect(honestUser(2, 0).noisyScore).toBe(0n);
      expect(users.filter((user) => user.noisyScore > 0n)).toHaveLength(4);
      expect(run.totalNoisy).toBe(users.reduce((sum, user) => sum + user.noisyScore, 0n));
      expect(run.carriedIn).toBeGreaterThan(0n);
      // The draw: D = 3 stones over W > 0, all given out; a winner of more than one (D w / W > 1),
      // a winner, a loser with entries, a non-entrant, entries on a zero noisy score.
      expect(period.formula.draw).toEqual(TEST_DRAW);
      expect(run.drawTotal).toBe(users.reduce((sum, user) => sum + user.entries * user.noisyScore, 0n));
      expect(run.drawOffset).toBeLessThan(run.drawTotal);
      expect(users.map((user) => user.drawWins)).toEqual([2n, 0n, 1n, 0n, 0n]);
      expect(users.map((user) => user.entries)).toEqual([20n, 0n, 6n, 1n, 5n]);
      expect(3n * honestUser(0, 0).entries * honestUser(0, 0).noisyScore).toBeGreaterThan(run.drawTotal);
      expect(users.every((user) => user.crystalsSpent >= user.entries * BigInt(TEST_DRAW.crystals_per_entry))).toBe(true);
      for (let batch = 0; batch < run.batches; batch++) expect(batchClaim(period, { batch }).input).toEqual(honestBatchInput(period, batch));
      const empty = noEntries.period;
      expect(empty.snapshot.run.drawTotal).toBe(0n);
      for (let batch = 0; batch < run.batches; batch++) expect(batchClaim(empty, { batch }).input).toEqual(honestBatchInput(empty, batch));
    });
  });

  describe('honest witnesses', () => {
    it(
      'compiles to one public signal',
      async () => {
        const real = await forger.realO2();
        expect(real.r1cs.nPublicInputs + real.r1cs.nPublicOutputs).toBe(1);
        console.info(
          `${INSTANCE} --O2: ${real.r1cs.constraints.length} constraints, ${real.r1cs.nWires} wires, compiled in ${real.built.seconds.toFixed(1)} s`,
        );
      },
      TIMEOUT,
    );

    for (const batch of [0, 1, 2]) {
      it(
        `batch ${batch}${batch === 2 ? ' (a zero noisy score and a padding slot)' : ''} satisfies every constraint and reproduces the pipeline`,
        async () => {
          const input = honestBatchInput(period, batch);
          const [realO2, realO0] = await Promise.all([forger.realO2(), forger.realO0()]);
          const deployed = await realO2.witness(input);
          expect(violatedConstraints(realO2.r1cs, deployed)).toEqual([]);
          const witness = await realO0.witness(input);
          expect(violatedConstraints(realO0.r1cs, witness)).toEqual([]);
          const value = (name: string): bigint => realO0.value(witness, `main.${name}`);

          const slots = [0, 1].map((slot) => userAt(period, batch, slot));
          const { snapshot } = period;
          expect(value('dataRoot.root')).toBe(snapshot.batchRoots.data[batch]);
          expect(value('awardRoot.root')).toBe(snapshot.batchRoots.award[batch]);
          expect(value('run_pool')).toBe(snapshot.run.pool);
          expect(value('formulaHash.hash')).toBe(period.formulaHash);
          slots.forEach((user, slot) => {
            const owner = (name: string): bigint => value(`owner[${slot}].${name}`);
            expect(owner('data_leaf')).toBe(user?.dataLeaf ?? 0n);
            expect(owner('award_leaf')).toBe(user?.awardLeaf ?? 0n);
            if (!user) return;
            const k = BigInt(period.formula.noise.k);
            expect(owner('remainder')).toBe(user.score % k);
            expect(owner('shifted') - owner('quotient')).toBe(BigInt(user.coins));
            expect(owner('noisy')).toBe(user.noisyScore);
            expect(owner('award')).toBe(user.award);
            expect(owner('draw_count')).toBe(user.drawCount);
            expect(owner('wins')).toBe(user.drawWins);
          });
          const draw = runDrawBatches(snapshot, period.formula)[batch];
          if (!draw) throw new Error(`no draw slice for batch ${batch}`);
          const statement = batchStatement(period.hasher, {
            formulaHash: period.formulaHash,
            runPool: snapshot.run.pool,
            total: snapshot.run.totalNoisy,
            beacon: period.beacon,
            batchIndex: batch,
            dataRoot: snapshot.batchRoots.data[batch] as bigint,
            awardRoot: snapshot.batchRoots.award[batch] as bigint,
            noisySum: slots.reduce((sum, user) => sum + (user?.noisyScore ?? 0n), 0n),
            awardSum: slots.reduce((sum, user) => sum + (user?.award ?? 0n), 0n),
            drawTotal: snapshot.run.drawTotal,
            drawOffset: snapshot.run.drawOffset,
            drawStart: draw.start,
            drawEnd: draw.end,
            drawWins: draw.wins,
            entries: draw.entries,
          });
          expect(draw.wins).toBe(slots.reduce((sum, user) => sum + (user?.drawWins ?? 0n), 0n));
          expect(value('computed_statement')).toBe(statement);
          expect(deployed[1]).toBe(statement);
        },
        TIMEOUT,
      );
    }
  });

  describe('forgeries: each breaks one rule, which alone rejects it', () => {
    it(
      'feature_range: feature 0 = 2^16 + f0 and feature 1 one lower (the same packed leaf) raise the score',
      async () => {
        const forgery = await expectForgery('feature_range', {
          features: at(0, 0, ([f0, f1, ...rest]: bigint[]) => [(f0 as bigint) + (1n << 16n), (f1 as bigint) - 1n, ...rest]),
        });
        const slot = slotOf(forgery, 0);
        expect(slot.dataLeaf).toBe(honestUser(0, 0).dataLeaf);
        expect(slot.score).toBeGreaterThan(honestUser(0, 0).score);
      },
      TIMEOUT,
    );

    it(
      'remainder_low: q + 1',
      async () => {
        const forgery = await expectForgery('remainder_low', { quotient: at(0, 0, (q: bigint) => q + 1n) });
        expect(slotOf(forgery, 0).noisy).toBe(honestUser(0, 0).noisyScore + BigInt(period.formula.noise.k));
      },
      TIMEOUT,
    );

    it(
      'remainder_high: q - 1',
      async () => {
        const forgery = await expectForgery('remainder_high', { quotient: at(0, 0, (q: bigint) => q - 1n) });
        expect(slotOf(forgery, 0).noisy).toBe(honestUser(0, 0).noisyScore - BigInt(period.formula.noise.k));
      },
      TIMEOUT,
    );

    it(
      'control: q + 1 is no forgery of remainder_high (that mutant still refuses it, at remainder_low)',
      async () => {
        const wrongRule = await forger.forge('remainder_high', { quotient: at(0, 0, (q: bigint) => q + 1n) });
        expect(wrongRule.mutantViolations.length).toBeGreaterThan(0);
        // What the real circuit refuses is none of remainder_high's own constraints: it is remainder_low's.
        expect(wrongRule.realO0Violations.some((index) => wrongRule.ruleConstraints.has(index))).toBe(false);
        const right = await forger.forge('remainder_low', { quotient: at(0, 0, (q: bigint) => q + 1n) });
        expect(right.mutantViolations).toEqual([]);
        expect(new Set(wrongRule.realO0Violations)).toEqual(new Set(right.realO0Violations));
        expect(wrongRule.realO0Violations.every((index) => right.ruleConstraints.has(index))).toBe(true);
      },
      TIMEOUT,
    );

    it(
      'coin_split: a coin flipped (coin_low xor 1, coin_high unchanged)',
      async () => {
        const forgery = await expectForgery('coin_split', { coins: at(0, 0, ({ low, high }: { low: bigint; high: bigint }) => ({ low: low ^ 1n, high })) });
        expect(Math.abs(slotOf(forgery, 0).coins - honestUser(0, 0).coins)).toBe(1);
        expect(forgery.claim.total).not.toBe(period.snapshot.run.totalNoisy);
      },
      TIMEOUT,
    );

    it(
      'coin_high_low: a "negative" coin_high -c with the matching low part h + c 2^128 - p',
      async () => {
        const forgery = await expectForgery('coin_high_low', {
          coins: at(0, 1, (split: { hash: bigint; low: bigint; high: bigint }) => {
            const negative = negativeHighSplit(split.hash);
            if (!negative) throw new Error('the fixture owner at (0, 1) has no negative split');
            return negative;
          }),
        });
        const slot = slotOf(forgery, 1);
        expect(slot.coinHigh).toBeGreaterThan(1n << 126n);
        expect(slot.coins).not.toBe(honestUser(0, 1).coins);
      },
      TIMEOUT,
    );

    it(
      'coin_canonical: the alias h + p of the coin hash',
      async () => {
        const forgery = await expectForgery('coin_canonical', {
          coins: at(0, 0, ({ hash }: { hash: bigint; low: bigint; high: bigint }) => {
            if (!aliasFits(hash)) throw new Error('the fixture owner at (0, 0) has no alias below 2^254');
            return { low: (hash + P) & ((1n << 128n) - 1n), high: (hash + P) >> 128n };
          }),
        });
        const slot = slotOf(forgery, 0);
        expect(slot.coinHigh).toBeGreaterThanOrEqual(COIN_HASH_HIGH_LIMIT);
        expect(slot.coins).not.toBe(honestUser(0, 0).coins);
      },
      TIMEOUT,
    );

    it(
      'noisy_lattice: noisy + 1, off the lattice (S and every award recomputed)',
      async () => {
        const forgery = await expectForgery('noisy_lattice', { noisy: at(0, 0, (noisy: bigint) => noisy + 1n) });
        expect(forgery.claim.total).toBe(period.snapshot.run.totalNoisy + 1n);
        expect(slotOf(forgery, 1).award).not.toBe(honestUser(0, 1).award);
      },
      TIMEOUT,
    );

    it(
      'noisy_lattice: a positive owner claiming noisy 0',
      async () => {
        expect(honestUser(0, 1).noisyScore).toBeGreaterThan(0n);
        const forgery = await expectForgery('noisy_lattice', { noisy: at(0, 1, () => 0n) });
        expect(slotOf(forgery, 0).award).toBeGreaterThan(honestUser(0, 0).award);
      },
      TIMEOUT,
    );

    it(
      'award_range: award + j S^-1 (mod p), a wrapped award whose rest is adjusted by -j',
      async () => {
        const forgery = await expectForgery('award_range', {
          award: at(0, 0, (award: bigint, { noisy, total, runPool }) => {
            const rest = runPool * noisy - award * total;
            const j = rest > 0n ? rest : rest - (total - 1n); // the new rest: 0, or S - 1
            return field(award + j * modInverse(total));
          }),
        });
        expect(slotOf(forgery, 0).award).toBeGreaterThanOrEqual(1n << 64n);
      },
      TIMEOUT,
    );

    // award_floor_low is the check rest = pool * noisy - award * S >= 0: award * S <= pool * noisy.
    it(
      'award_floor_low: an award one higher (award * S above pool * noisy)',
      async () => {
        const forgery = await expectForgery('award_floor_low', { award: at(0, 0, (award: bigint) => award + 1n) });
        expect(forgery.claim.awardSum).toBe(honestUser(0, 0).award + honestUser(0, 1).award + 1n);
      },
      TIMEOUT,
    );

    // award_floor_high is the check rest < S: pool * noisy < (award + 1) * S.
    it(
      'award_floor_high: an award one lower (the floor broken from below)',
      async () => {
        await expectForgery('award_floor_high', { award: at(0, 1, (award: bigint) => award - 1n) });
      },
      TIMEOUT,
    );

    it(
      'award_zero_total: S = 0 with an award of 1 (an owner with a zero noisy score, beside padding)',
      async () => {
        const forgery = await expectForgery('award_zero_total', { batch: 2, total: () => 0n, award: at(2, 0, () => 1n) });
        expect(slotOf(forgery, 0).noisy).toBe(0n);
      },
      TIMEOUT,
    );

    it(
      'padding_order: is_real = 2 (twice the noisy score, twice the leaves)',
      async () => {
        const forgery = await expectForgery('padding_order', { isReal: at(0, 1, () => 2n) });
        expect(slotOf(forgery, 1).noisy).toBe(2n * honestUser(0, 1).noisyScore);
      },
      TIMEOUT,
    );

    it(
      'padding_order: a padding slot before a real owner',
      async () => {
        const forgery = await expectForgery('padding_order', { batch: 2, slots: (slots) => [...slots].reverse() });
        expect(forgery.claim.input.is_real).toEqual(['0', '1']);
      },
      TIMEOUT,
    );

    it(
      'circuit_shape: the formula claims n = 64 (formula hash recomputed)',
      async () => {
        await expectForgery('circuit_shape', { formula: (f) => ({ ...f, noise: { ...f.noise, n: 64 } }) });
      },
      TIMEOUT,
    );

    it(
      'circuit_shape: the formula claims batch_size = 16 (formula hash recomputed)',
      async () => {
        await expectForgery('circuit_shape', { formula: (f) => ({ ...f, batch_size: 16 }) });
      },
      TIMEOUT,
    );

    it(
      'formula_range: a weight of 2^16',
      async () => {
        await expectForgery('formula_range', {
          formula: (f) => ({ ...f, features: { ...f.features, active_days: { ...f.features.active_days, weight: 2 ** 16 } } }),
        });
      },
      TIMEOUT,
    );

    it(
      'formula_range: a cap of 2^16 (no cap at all)',
      async () => {
        const forgery = await expectForgery('formula_range', {
          formula: (f) => ({ ...f, features: { ...f.features, trips: { ...f.features.trips, cap: 2 ** 16 } } }),
        });
        expect(slotOf(forgery, 0).score).toBe(honestUser(0, 0).score + 12n * 50n);
      },
      TIMEOUT,
    );

    it(
      'formula_range: k = 2^24 (every q 0, a lattice of 2^24)',
      async () => {
        const forgery = await expectForgery('formula_range', { formula: (f) => ({ ...f, noise: { ...f.noise, k: 2 ** 24 } }) });
        expect(forgery.claim.slots.map((slot) => slot.quotient)).toEqual([0n, 0n]);
      },
      TIMEOUT,
    );

    it(
      'formula_range: a pool of p - 1 with carried_in making up the run pool',
      async () => {
        const forgery = await expectForgery('formula_range', {
          formula: (f) => ({ ...f, pool: P - 1n }),
          carriedIn: () => period.snapshot.run.pool + 1n,
        });
        expect(forgery.claim.runPool).toBe(period.snapshot.run.pool);
      },
      TIMEOUT,
    );

    it(
      'formula_range: a draw of D = 2^32 stones (every count recomputed: batch 0 wins almost 2^32 * 0.63)',
      async () => {
        const forgery = await expectForgery('formula_range', { formula: (f) => ({ ...f, draw: { ...TEST_DRAW, stones: 2 ** 32 } }) });
        expect(forgery.claim.drawWins).toBeGreaterThan(1n << 31n);
        expect(forgery.claim.drawWins).toBeLessThan(1n << 32n);
      },
      TIMEOUT,
    );

    it(
      'formula_range: max_entries = 2^16 (batch 1, whose owners both have entries: max_entries - entries still fits 16 bits)',
      async () => {
        const forgery = await expectForgery('formula_range', { batch: 1, formula: (f) => ({ ...f, draw: { ...TEST_DRAW, max_entries: 2 ** 16 } }) });
        expect(forgery.claim.slots.every((slot) => slot.entries > 0n)).toBe(true);
      },
      TIMEOUT,
    );

    it(
      'run_range: carried_in wraps (-1000: a run pool below the formula pool)',
      async () => {
        const forgery = await expectForgery('run_range', { carriedIn: (carried) => carried - 1000n });
        expect(forgery.claim.runPool).toBe(period.snapshot.run.pool - 1000n);
      },
      TIMEOUT,
    );

    it(
      'run_range: a run pool of 2^64',
      async () => {
        const forgery = await expectForgery('run_range', { carriedIn: () => (1n << 64n) - period.formula.pool });
        expect(forgery.claim.runPool).toBe(1n << 64n);
      },
      TIMEOUT,
    );

    it(
      'run_range: S = 2^64',
      async () => {
        const forgery = await expectForgery('run_range', { total: () => 1n << 64n });
        expect(forgery.claim.awardSum).toBe(0n);
      },
      TIMEOUT,
    );

    it(
      'entries_range: entries = p - 1 (field -1) on the zero noisy owner (weight 0: only the range breaks; data leaf from that packing)',
      async () => {
        const forgery = await expectForgery('entries_range', { batch: 2, entries: at(2, 0, () => P - 1n) });
        const slot = slotOf(forgery, 0);
        expect(slot.noisy).toBe(0n);
        expect(slot.weight).toBe(0n);
        expect(forgery.claim.draw.total).toBe(period.snapshot.run.drawTotal);
        expect(slot.dataLeaf).not.toBe(honestUser(2, 0).dataLeaf);
        expect(forgery.claim.entries).toBe(P - 1n);
      },
      TIMEOUT,
    );

    it(
      'entries_max: an owner at max_entries claims one more (weight, W, U, every count and win recomputed)',
      async () => {
        expect(honestUser(0, 0).entries).toBe(BigInt(TEST_DRAW.max_entries));
        const forgery = await expectForgery('entries_max', { entries: at(0, 0, (entries: bigint) => entries + 1n) });
        expect(slotOf(forgery, 0).entries).toBe(BigInt(TEST_DRAW.max_entries + 1));
        expect(forgery.claim.draw.total).toBe(period.snapshot.run.drawTotal + honestUser(0, 0).noisyScore);
        expect(forgery.claim.draw.offset).not.toBe(period.snapshot.run.drawOffset);
      },
      TIMEOUT,
    );

    it(
      'draw_range: W = 2^80 (U = u mod 2^80, every count recomputed for that W)',
      async () => {
        const forgery = await expectForgery('draw_range', { drawTotal: () => 1n << 80n });
        expect(forgery.claim.draw.offset).toBe(drawRandom(period.hasher, period.beacon, period.snapshot.run.period) % (1n << 80n));
        expect(forgery.claim.draw.offset).not.toBe(period.snapshot.run.drawOffset);
      },
      TIMEOUT,
    );

    // draw_count_range keeps each c a small integer. Without it, c' = c + d W^-1 (mod p) passes
    // both ceiling checks whenever its slack + d stays in [0, W), since c' W + U - D x = slack + d.
    // Two counts d and d + W apart differ by exactly one whole win. In batch 1 (owners 2 and 3)
    // the honest slacks are t_start > t_0 > t_1 (90814, 84088, 79642 of W = 97926): d = -t_0
    // for the start and slot 0 and d + W for slot 1 keep every slack in range (t_start - t_0,
    // 0, t_1 - t_0 + W), and the loser of slot 1 wins a stone. In batch 0 t_start = U <
    // t_0 = t_1: d = W - t_0 for the start, d - W for both slots, and the winner of slot 0 loses
    // one. The two proofs together still give out D = 3 stones: the verifier's sum is kept.
    it(
      'draw_count_range: aliases c + d W^-1 move a win from owner 0 (batch 0) to the loser, owner 3 (batch 1)',
      async () => {
        const gain = await expectForgery('draw_count_range', aliasedCounts(1, [0n, 0n, 1n]));
        expect(slotOf(gain, 1).wins).toBe(honestUser(1, 1).drawWins + 1n);
        expect(slotOf(gain, 0).wins).toBe(honestUser(1, 0).drawWins);
        expect(gain.claim.drawWins).toBe(2n);
        const loss = await expectForgery('draw_count_range', aliasedCounts(0, [0n, -1n, -1n]));
        expect(slotOf(loss, 0).wins).toBe(honestUser(0, 0).drawWins - 1n);
        expect(slotOf(loss, 1).wins).toBe(0n);
        expect(loss.claim.drawWins).toBe(1n);
        expect(gain.claim.drawWins + loss.claim.drawWins + batchClaim(period, { batch: 2 }).drawWins).toBe(BigInt(TEST_DRAW.stones));
        // The counts are no small integers: each is far above 2^32.
        expect(gain.claim.drawStartCount).toBeGreaterThan(1n << 32n);
        expect(loss.claim.slots.every((slot) => slot.drawCount > 1n << 32n)).toBe(true);
      },
      TIMEOUT,
    );

    it(
      'draw_ceil_low: an entrant that should win marked as a loser (its c - 1: a loser with u small enough), the win passing to the next owner',
      async () => {
        expect(honestUser(1, 0).drawWins).toBe(1n);
        const forgery = await expectForgery('draw_ceil_low', { batch: 1, drawCount: at(1, 0, (c: bigint) => c - 1n) });
        expect(slotOf(forgery, 0).wins).toBe(0n);
        expect(slotOf(forgery, 1).wins).toBe(1n);
        expect(forgery.claim.drawWins).toBe(1n);
      },
      TIMEOUT,
    );

    it(
      'draw_ceil_high: an entrant marked with one more win than the rule gives (its c + 1: a winner with u too large)',
      async () => {
        expect(honestUser(1, 1).drawWins).toBe(0n);
        const forgery = await expectForgery('draw_ceil_high', { batch: 1, drawCount: at(1, 1, (c: bigint) => c + 1n) });
        expect(slotOf(forgery, 1).wins).toBe(1n);
        expect(forgery.claim.drawWins).toBe(2n);
      },
      TIMEOUT,
    );

    it(
      'draw_zero_total: W = 0 (no entries at all) and an owner given a win (c = 1 from its slot onwards)',
      async () => {
        const forgery = await expectForgery('draw_zero_total', { drawCount: () => 1n }, noEntries);
        expect(forgery.claim.draw.total).toBe(0n);
        expect(forgery.claim.draw.offset).toBe(0n);
        expect(forgery.claim.slots.map((slot) => slot.wins)).toEqual([1n, 0n]);
      },
      TIMEOUT,
    );

    it('entries changed after the beacon: the data leaf changes, so the batch data root is not the committed one', () => {
      const honest = batchClaim(period, { batch: 1 });
      const more = batchClaim(period, { batch: 1, entries: at(1, 1, (entries: bigint) => entries + 19n) });
      expect(honest.dataRoot).toBe(period.snapshot.batchRoots.data[1]);
      // The draw is recomputed with the new entries: the loser of slot 1 now wins a stone.
      const owner3 = more.slots[1];
      expect(owner3?.wins).toBeGreaterThan(0n);
      expect(owner3?.dataLeaf).not.toBe(honestUser(1, 1).dataLeaf);
      expect(more.dataRoot).not.toBe(period.snapshot.batchRoots.data[1]);
      expect(more.statement).not.toBe(honest.statement);
    });

    it(
      'W wrong: W one off (U and the counts recomputed) satisfies the circuit, but its statement is not the honest one',
      async () => {
        const honest = batchClaim(period);
        const wrong = batchClaim(period, { drawTotal: (total) => total + 1n });
        expect(wrong.draw.total).toBe(period.snapshot.run.drawTotal + 1n);
        // The circuit does not sum the weights of other batches: W is the verifier's (from the manifest).
        const real = await forger.realO2();
        expect(violatedConstraints(real.r1cs, await real.witness(wrong.input))).toEqual([]);
        expect(wrong.statement).not.toBe(honest.statement);
        expect(wrong.statement).not.toBe(BigInt(honestBatchInput(period, 0).statement as string));
      },
      TIMEOUT,
    );

    it(
      'statement: a public statement one off',
      async () => {
        const forgery = await expectForgery('statement', { statement: (statement) => statement + 1n });
        expect(forgery.realO0Violations).toHaveLength(1);
      },
      TIMEOUT,
    );
  });
});

/**
 * A draw_count_range forgery on one batch: draw_start_count and each slot's c shifted by
 * (d + m W) W^-1 (mod p) for the slot's m in `steps` ([start, slot 0, slot 1]), so the slots'
 * wins change by the differences of the m. d is the one shift that keeps every slack, t + d
 * + m W, in [0, W), checked here: the lowest such d.
 */
function aliasedCounts(batch: number, steps: readonly bigint[]): Cheat {
  const honest = batchClaim(period, { batch });
  const { stones, total, offset } = honest.draw;
  const slackOf = (count: bigint, weight: bigint): bigint => count * total + offset - stones * weight;
  const slacks = [slackOf(honest.drawStartCount, honest.drawStart), ...honest.slots.map((slot) => slackOf(slot.drawCount, slot.weightAfter))];
  const shifted = slacks.map((slack, i) => slack + (steps[i] as bigint) * total);
  const low = shifted.reduce((most, t) => (-t > most ? -t : most), -(1n << 128n)); // t + d >= 0 for every t
  const high = shifted.reduce((least, t) => (total - t < least ? total - t : least), 1n << 128n); // t + d < W
  if (low >= high) throw new Error(`batch ${batch}: no shift d keeps the slacks ${slacks.join(', ')} in [0, ${total}) with steps ${steps.join(', ')}`);
  const inverse = modInverse(total);
  const shift = (i: number): bigint => field((low + (steps[i] as bigint) * total) * inverse);
  return {
    batch,
    drawStartCount: (count) => field(count + shift(0)),
    drawCount: (count, ref) => (ref.batch === batch ? field(count + shift(1 + ref.slot)) : count),
  };
}

function modInverse(value: bigint): bigint {
  let result = 1n;
  let base = field(value);
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
  }
  return result;
}
