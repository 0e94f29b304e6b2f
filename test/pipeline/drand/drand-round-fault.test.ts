import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  drandRoundFault,
  drandRoundTime,
  firstDrandRoundAtOrAfter,
  knownNetworkMismatch,
  parseDrandRound,
  type DrandChain,
} from '../../../pipeline/drand/index.js';
import { parseFormula } from '../../../pipeline/scoring/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { localDrand, QUICKNET_ROUNDS } from '../../support/local-drand.js';

const formula = parseFormula(JSON.parse(readFileSync(join(REPO_ROOT, 'formula.json'), 'utf8')), 'formula.json');
const quicknet = formula.beacon?.drand as DrandChain;

/** The same hex with one digit changed (still hex). */
const flipped = (hex: string, at: number) => `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;

describe('drandRoundFault: a round checked offline against the key the formula pins', () => {
  it('the published formula pins quicknet, and real quicknet rounds verify under its key', () => {
    expect(quicknet.chain_hash).toBe('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971');
    for (const round of QUICKNET_ROUNDS) expect(drandRoundFault(quicknet, round)).toBeUndefined();
  });

  it('a changed signature, another round number, changed randomness or another key is refused, each saying why', () => {
    const [round] = QUICKNET_ROUNDS as [(typeof QUICKNET_ROUNDS)[0]];
    // A changed last digit: another x coordinate, on the curve or not, never a valid signature.
    expect(drandRoundFault(quicknet, { ...round, signature: flipped(round.signature, 95) })).toMatch(/does not verify|not a point/);
    expect(drandRoundFault(quicknet, { ...round, signature: flipped(round.signature, 40) })).toMatch(/does not verify|not a point/);
    expect(drandRoundFault(quicknet, { ...round, round: round.round + 1 })).toBe(
      'the signature of round 1001 does not verify under the drand key pinned in the formula',
    );
    expect(drandRoundFault(quicknet, { ...round, randomness: flipped(round.randomness, 0) })).toMatch(/^the randomness is not SHA-256 of the signature/);
    const other = localDrand({ seed: 'another network', genesisTime: quicknet.genesis_time, period: 3 });
    expect(drandRoundFault(other.chain, round)).toMatch(/does not verify under the drand key pinned/);
    expect(drandRoundFault({ ...quicknet, scheme: 'pedersen-bls-chained' as never }, round)).toMatch(/scheme/);
    expect(drandRoundFault(quicknet, { ...round, signature: round.signature.toUpperCase() })).toMatch(/not 96 lowercase hex digits/);
  });

  it('a locally generated key signs rounds that verify under it and under no other key', () => {
    const local = localDrand({ seed: 'stones test drand', genesisTime: 1_700_000_000, period: 1 });
    const made = local.round(42);
    expect(drandRoundFault(local.chain, made)).toBeUndefined();
    expect(drandRoundFault(quicknet, made)).toMatch(/does not verify/);
    expect(drandRoundFault(local.chain, { ...made, round: 43 })).toMatch(/does not verify/);
  });
});

describe('knownNetworkMismatch: a known network pinned with another key', () => {
  it("passes quicknet as formula.json pins it and any network stones does not know; names an impostor of quicknet's chain hash", () => {
    expect(knownNetworkMismatch(quicknet)).toBeUndefined();
    const own = localDrand({ seed: 'operator key', genesisTime: quicknet.genesis_time, period: 3 });
    expect(knownNetworkMismatch(own.chain)).toBeUndefined();
    // The operator's own key under quicknet's name: its rounds verify under the pinned key, so only this check stops them.
    const impostor = { ...quicknet, public_key: own.chain.public_key };
    expect(drandRoundFault(impostor, own.round(1000))).toBeUndefined();
    expect(knownNetworkMismatch(impostor)).toBe("formula.json names drand's quicknet (chain 52db9ba70e0c…) but pins another public_key: not quicknet's");
    expect(knownNetworkMismatch({ ...quicknet, genesis_time: quicknet.genesis_time - 3, period: 1 })).toMatch(/pins another genesis_time, period: /);
  });
});

describe('drand round times', () => {
  it('round 1 is at genesis, one round a period; the round due at a time is the first at or after it', () => {
    expect(drandRoundTime(quicknet, 1)).toBe(1692803367);
    expect(drandRoundTime(quicknet, 1000)).toBe(1692803367 + 999 * 3);
    expect(firstDrandRoundAtOrAfter(quicknet, 0)).toBe(1);
    expect(firstDrandRoundAtOrAfter(quicknet, 1692803367)).toBe(1);
    expect(firstDrandRoundAtOrAfter(quicknet, 1692803368)).toBe(2);
    expect(firstDrandRoundAtOrAfter(quicknet, 1692803370)).toBe(2);
    expect(firstDrandRoundAtOrAfter(quicknet, 1692803371)).toBe(3);
    for (let t = 1692803367; t < 1692803367 + 40; t++) {
      const round = firstDrandRoundAtOrAfter(quicknet, t);
      expect(drandRoundTime(quicknet, round)).toBeGreaterThanOrEqual(t);
      expect(drandRoundTime(quicknet, round - 1)).toBeLessThan(t);
    }
  });
});

describe('parseDrandRound (what a drand client prints)', () => {
  it("takes drand's HTTP API JSON, lowercases hex, ignores other keys, and refuses anything else in one line", () => {
    const round = QUICKNET_ROUNDS[0]!;
    const printed = JSON.stringify({ round: round.round, randomness: round.randomness.toUpperCase(), signature: round.signature, previous_signature: '' });
    expect(parseDrandRound(printed)).toEqual(round);
    expect(() => parseDrandRound('0xbeac0')).toThrow(/^not JSON/);
    expect(() => parseDrandRound(JSON.stringify({ round: 0, randomness: round.randomness, signature: round.signature }))).toThrow(/^not a drand round: round:/);
    expect(() => parseDrandRound(JSON.stringify({ round: 1, randomness: round.randomness, signature: 'ab'.repeat(96) }))).toThrow(/signature: 96 hex digits/);
  });
});
