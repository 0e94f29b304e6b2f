import { buildTopTree } from '../../commitments/build-top-tree.js';
import type { BulkHasher } from '../../commitments/bulk-hasher.js';
import { fieldFromHex, fieldToHex } from '../../commitments/field-encoding.js';
import type { Manifest } from '../../publishing/manifest.js';
import type { CheckLog } from './check-log.js';

function checkIndices(log: CheckLog, manifest: Manifest): void {
  const seen = new Map<number, number>();
  manifest.batches.forEach((b, position) => {
    if (b.batch !== position) log.fail('batches.indices', `entry ${position} of batches is batch ${b.batch}, expected ${position}`);
    seen.set(b.batch, (seen.get(b.batch) ?? 0) + 1);
  });
  for (const [batch, times] of seen) if (times > 1) log.fail('batches.indices', `batch ${batch} is listed ${times} times`);
}

/** Batches are filled in leaf order: all full but the last, which holds at least one user. */
function checkUsers(log: CheckLog, manifest: Manifest): void {
  const { users, batch_size: size, batches } = manifest;
  const expected = Math.ceil(users / size);
  if (batches.length !== expected) log.fail('batches.users', `${batches.length} batches for ${users} users in batches of ${size}, expected ${expected}`);
  let total = 0;
  batches.forEach((b, position) => {
    total += b.users;
    const full = position < batches.length - 1 ? size : users - size * (batches.length - 1);
    if (b.users !== full) log.fail('batches.users', `batch ${b.batch} says ${b.users} users, expected ${full}`);
  });
  if (total !== users) log.fail('batches.users', `the batches hold ${total} users, the manifest says ${users}`);
}

function checkSums(log: CheckLog, manifest: Manifest): void {
  const noisy = manifest.batches.reduce((sum, b) => sum + BigInt(b.noisy_sum), 0n);
  if (noisy !== BigInt(manifest.total_noisy_score)) {
    log.fail('total_noisy_score', `the batch noisy-score sums add up to ${noisy}, total_noisy_score (S) is ${manifest.total_noisy_score}`);
  }
  const awards = manifest.batches.reduce((sum, b) => sum + BigInt(b.award_sum), 0n);
  if (awards !== BigInt(manifest.total_awards)) log.fail('award_sums', `the batch award sums add up to ${awards}, total_awards is ${manifest.total_awards}`);
  if (awards + BigInt(manifest.remainder) !== BigInt(manifest.pool)) {
    log.fail(
      'award_sums',
      `the batch award sums ${awards} + remainder ${manifest.remainder} = ${awards + BigInt(manifest.remainder)}, not the pool ${manifest.pool}`,
    );
  }
}

async function checkTopRoot(log: CheckLog, hasher: BulkHasher, name: 'data_root' | 'award_root', batchRoots: string[], root: string): Promise<void> {
  if (batchRoots.length === 0) {
    // A run commits at least one batch (a period with no enrolled owner is never committed):
    // an empty list proves nothing about the root, so it fails rather than skips.
    log.fail(name, `the manifest lists no batch, so nothing gives its ${name}: a committed run has at least one`);
    return;
  }
  const top = await buildTopTree(hasher, batchRoots.map(fieldFromHex));
  if (top.root !== fieldFromHex(root))
    log.fail(name, `the top tree over the ${batchRoots.length} batch roots gives ${fieldToHex(top.root)}, the manifest says ${root}`);
}

/**
 * The manifest's batch list against its totals and roots: contiguous indices, user counts,
 * both top trees (binary, over the batch roots padded with zero to a power of two), S, and the
 * awards against the pool.
 */
export async function checkBatches(log: CheckLog, manifest: Manifest, hasher: BulkHasher): Promise<void> {
  checkIndices(log, manifest);
  checkUsers(log, manifest);
  await checkTopRoot(
    log,
    hasher,
    'data_root',
    manifest.batches.map((b) => b.data_root),
    manifest.data_root,
  );
  await checkTopRoot(
    log,
    hasher,
    'award_root',
    manifest.batches.map((b) => b.award_root),
    manifest.award_root,
  );
  checkSums(log, manifest);
}
