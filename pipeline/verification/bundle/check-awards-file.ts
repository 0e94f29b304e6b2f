import { awardLeafRow } from '../../commitments/award-leaf.js';
import type { BulkHasher } from '../../commitments/bulk-hasher.js';
import { fieldFromHex, fieldToHex } from '../../commitments/field-encoding.js';
import type { Manifest } from '../../publishing/manifest.js';
import type { AwardsLine } from '../../formats/index.js';
import type { CheckLog } from './check-log.js';

function checkOrder(log: CheckLog, manifest: Manifest, awards: AwardsLine[]): void {
  if (awards.length !== manifest.users) log.fail('awards.order', `awards.jsonl has ${awards.length} lines, the manifest ${manifest.users} users`);
  const tags = new Set<bigint>();
  awards.forEach((line, i) => {
    const batch = Math.floor(i / manifest.batch_size);
    const leaf = i % manifest.batch_size;
    if (line.batch !== batch || line.leaf !== leaf)
      log.fail('awards.order', `line ${i + 1} is batch ${line.batch} leaf ${line.leaf}, expected batch ${batch} leaf ${leaf}`);
    const tag = fieldFromHex(line.user_tag);
    if (tags.has(tag)) log.fail('awards.order', `line ${i + 1}: user tag ${line.user_tag} appears twice`);
    tags.add(tag);
  });
}

function checkFloor(log: CheckLog, manifest: Manifest, awards: AwardsLine[]): void {
  const pool = BigInt(manifest.pool);
  const total = BigInt(manifest.total_noisy_score);
  awards.forEach((line, i) => {
    const expected = total === 0n ? 0n : (pool * BigInt(line.noisy_score)) / total;
    if (BigInt(line.award) !== expected) {
      log.fail('awards.floor', `line ${i + 1}: award ${line.award}, floor(${pool} x ${line.noisy_score} / ${total}) is ${expected}`);
    }
  });
}

/** Each batch's users, noisy sum and award sum from awards.jsonl, against the manifest's batch list. */
function checkSums(log: CheckLog, manifest: Manifest, awards: AwardsLine[]): void {
  const sums = manifest.batches.map(() => ({ users: 0, noisy: 0n, award: 0n }));
  for (const line of awards) {
    const sum = sums[line.batch];
    if (sum === undefined) continue; // reported by awards.order
    sum.users += 1;
    sum.noisy += BigInt(line.noisy_score);
    sum.award += BigInt(line.award);
  }
  manifest.batches.forEach((b, k) => {
    const sum = sums[k] as { users: number; noisy: bigint; award: bigint };
    if (sum.users !== b.users) log.fail('awards.sums', `batch ${k}: ${sum.users} users in awards.jsonl, ${b.users} in the manifest`);
    if (sum.noisy.toString() !== b.noisy_sum)
      log.fail('awards.sums', `batch ${k}: noisy scores add up to ${sum.noisy} in awards.jsonl, the manifest says ${b.noisy_sum}`);
    if (sum.award.toString() !== b.award_sum)
      log.fail('awards.sums', `batch ${k}: awards add up to ${sum.award} in awards.jsonl, the manifest says ${b.award_sum}`);
  });
}

/**
 * Each batch's stones won, from awards.jsonl, against the manifest's batch draw_wins (which the
 * batch proof binds); an owner whose noisy score is 0 has draw weight 0 and wins nothing.
 */
function checkDrawWins(log: CheckLog, manifest: Manifest, awards: AwardsLine[]): void {
  const wins = manifest.batches.map(() => 0n);
  awards.forEach((line, i) => {
    const won = BigInt(line.draw_wins);
    if (won > 0n && BigInt(line.noisy_score) === 0n)
      log.fail('awards.draw_wins', `line ${i + 1}: ${line.draw_wins} stones won with a noisy score of 0 (draw weight 0)`);
    if (wins[line.batch] !== undefined) wins[line.batch] = (wins[line.batch] as bigint) + won;
  });
  manifest.batches.forEach((b, k) => {
    const sum = wins[k] as bigint;
    if (sum.toString() !== b.draw_wins)
      log.fail('awards.draw_wins', `batch ${k}: stones won add up to ${sum} in awards.jsonl, the manifest says draw_wins ${b.draw_wins}`);
  });
}

/** Award leaf = Poseidon(user_tag, noisy_score, award, draw_wins); each batch's B leaves (zero-padded) make its award root. */
async function checkAwardRoots(log: CheckLog, manifest: Manifest, awards: AwardsLine[], hasher: BulkHasher): Promise<void> {
  const size = manifest.batch_size;
  const leaves = await hasher.hashRows(
    awards.map((line) => awardLeafRow(fieldFromHex(line.user_tag), BigInt(line.noisy_score), BigInt(line.award), BigInt(line.draw_wins))),
  );
  const groups = manifest.batches.map((_, k) => {
    const group = leaves.slice(k * size, (k + 1) * size);
    return [...group, ...new Array<bigint>(size - group.length).fill(0n)];
  });
  const roots = await hasher.buildTrees(groups);
  manifest.batches.forEach((b, k) => {
    const root = roots[k] as bigint;
    if (root !== fieldFromHex(b.award_root))
      log.fail('awards.award_root', `batch ${k}: awards.jsonl gives award root ${fieldToHex(root)}, the manifest says ${b.award_root}`);
  });
}

/**
 * Every published noisy score is k times a lattice point: the noise is added to the quantised
 * score, so nothing of the score's remainder mod k is published. (The proofs enforce it too;
 * this names it without them.)
 */
function checkLattice(log: CheckLog, manifest: Manifest, awards: AwardsLine[]): void {
  const k = BigInt(manifest.privacy.k);
  if (k < 1n) return void log.fail('awards.lattice', `the manifest's noise step k is ${manifest.privacy.k}`);
  awards.forEach((line, i) => {
    if (BigInt(line.noisy_score) % k !== 0n) log.fail('awards.lattice', `line ${i + 1}: noisy score ${line.noisy_score} is not a multiple of k = ${k}`);
  });
}

/**
 * awards.jsonl, the public list of (user tag, noisy score, award, stones won), against the
 * manifest: its order, the award roots its leaves give, the batch sums and stones won, each
 * award's rounding, and the noise lattice.
 */
export async function checkAwardsFile(log: CheckLog, manifest: Manifest, awards: AwardsLine[] | undefined, hasher: BulkHasher): Promise<void> {
  if (awards === undefined) {
    for (const name of ['awards.order', 'awards.award_root', 'awards.sums', 'awards.draw_wins', 'awards.floor', 'awards.lattice'] as const)
      log.skip(name, 'awards.jsonl could not be read');
    return;
  }
  checkOrder(log, manifest, awards);
  if (log.failed('awards.order')) {
    log.skip('awards.award_root', 'awards.jsonl is out of order');
    log.skip('awards.sums', 'awards.jsonl is out of order');
    log.skip('awards.draw_wins', 'awards.jsonl is out of order');
  } else {
    await checkAwardRoots(log, manifest, awards, hasher);
    checkSums(log, manifest, awards);
    checkDrawWins(log, manifest, awards);
  }
  checkFloor(log, manifest, awards);
  checkLattice(log, manifest, awards);
}
