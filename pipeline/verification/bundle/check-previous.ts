import { previousPeriodId } from '../../features/adjacent-period.js';
import type { Manifest } from '../../publishing/manifest.js';
import { manifestRecordSha256 } from '../../publishing/manifest-record-sha256.js';
import type { CheckLog } from './check-log.js';

/**
 * The release a bundle carries on from, as the verifier was given it (`--previous`): its
 * manifest, or why it could not be read.
 */
export type PreviousBundle = { dir: string; manifest: Manifest } | { dir: string; problem: string };

const LINK_CHECKS = ['previous.run', 'previous.period', 'previous.remainder'] as const;

/**
 * The link to the previous period. Alone, a bundle can only show that naming no previous
 * release means carrying 0 in; with the previous bundle, that it is the release named (its
 * record's SHA-256), of the month before, and that carried_in is its remainder. Without
 * `--previous` the link has nothing to be checked against (as `formula.published` without
 * `--formula`): the summary says so, and `stones verify-chain` checks every link of a year.
 */
export function checkPrevious(log: CheckLog, manifest: Manifest, previous: PreviousBundle | undefined): void {
  const named = manifest.previous;
  if (named === null) {
    if (BigInt(manifest.carried_in) !== 0n) log.fail('previous.first', `the manifest names no previous release but carries ${manifest.carried_in} in`);
    if (previous !== undefined) {
      for (const name of LINK_CHECKS) log.fail(name, `a previous bundle was given (${previous.dir}), but this run names none: it is a first period`);
    } else {
      for (const name of LINK_CHECKS) log.notApplicable(name, 'a first period: no previous release');
    }
    return;
  }
  if (previous === undefined) {
    for (const name of LINK_CHECKS)
      log.notApplicable(name, `no --previous bundle given: carried_in ${manifest.carried_in} from run ${named.run_id} (${named.period}) is unchecked`);
    return;
  }
  if ('problem' in previous) {
    for (const name of LINK_CHECKS) log.fail(name, `the previous bundle ${previous.dir}: ${previous.problem}`);
    return;
  }
  const before = previous.manifest;
  if (before.run_id !== named.run_id) log.fail('previous.run', `the manifest carries on from run ${named.run_id}, the previous bundle is run ${before.run_id}`);
  const sha256 = manifestRecordSha256(before);
  if (sha256 !== named.manifest_sha256)
    log.fail('previous.run', `the previous bundle's record hashes to ${sha256}, the manifest names ${named.manifest_sha256}`);
  if (before.period !== named.period) log.fail('previous.run', `the manifest names period ${named.period}, the previous bundle is of ${before.period}`);
  const expected = safePreviousPeriod(manifest.period);
  if (before.period !== expected)
    log.fail('previous.period', `the previous bundle is of ${before.period}, the month before ${manifest.period} is ${expected ?? 'not a month'}`);
  if (before.time_zone !== manifest.time_zone)
    log.fail('previous.period', `the previous bundle's periods are in ${before.time_zone}, this one's in ${manifest.time_zone}`);
  if (before.remainder !== manifest.carried_in)
    log.fail('previous.remainder', `carried_in is ${manifest.carried_in}, the previous release's remainder is ${before.remainder}`);
}

function safePreviousPeriod(period: string): string | undefined {
  try {
    return previousPeriodId(period);
  } catch {
    return undefined;
  }
}
