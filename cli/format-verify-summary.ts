import { relative } from 'node:path';
import type { CheckResult } from '../pipeline/verification/bundle/check-log.js';
import type { AnchoredBundleVerification } from '../pipeline/verification/node/index.js';

/** Failure lines shown per failed check; the rest are counted (`stones verify --json` has the kept ones). */
const SHOWN_FAILURES = 3;

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/**
 * The one-screen report of `stones verify`: what was checked, one line per check (failed ones
 * with their first lines), and the verdict naming every failed check.
 */
export function formatVerifySummary(result: AnchoredBundleVerification): string {
  const lines: string[] = [];
  lines.push(`bundle  ${shownPath(result.bundleDir)}`);
  if (result.runId !== undefined) {
    lines.push(
      `run     ${result.runId}: period ${result.period}, ${result.users} users in ${result.batches} batches${result.circuit ? `, circuit ${result.circuit}` : ''}`,
    );
  }
  if (result.draw !== undefined && result.draw.stones !== '0') {
    const { draw } = result;
    lines.push(`draw    ${draw.stonesWon} of ${draw.stones} stones won, ${draw.entries} entries (W ${draw.total}, U ${draw.offset})`);
  }
  if (result.ceremonyKeyPath !== undefined) lines.push(`key     ${shownPath(result.ceremonyKeyPath)} (the ceremony's verification key)`);
  if (result.previous && !result.previous.checked) {
    lines.push(
      `note    carries on from run ${result.previous.runId} (${result.previous.period}): give --previous <its bundle> (or use stones verify-chain) to check carried_in`,
    );
  }
  if (result.demoBeacon) lines.push('note    the beacon is the DEMO beacon: fixed and known in advance, so the noise was predictable');
  if (result.drandRound !== undefined) lines.push(`beacon  drand round ${result.drandRound} of ${result.drandNetwork ?? 'no network formula.json pins'}`);
  const anchor = result.dataRootAnchor;
  if (anchor !== undefined) {
    lines.push(
      `anchor  data root committed on chain ${anchor.chain_id} at registry ${anchor.registry}, block ${anchor.block_number} (${new Date(anchor.block_time * 1000).toISOString()})${result.anchor ? '' : ': the manifest says so; --rpc checks it on the chain'}`,
    );
  }
  if (result.anchor) {
    const { anchor } = result;
    lines.push(
      `chain   registry ${anchor.registry} on chain ${anchor.chainId}${anchor.operator ? `, operator ${anchor.operator}` : ''}${anchor.committedAt ? `, data root committed at ${anchor.committedAt}` : ''}`,
    );
  }
  lines.push(...formatCheckLines([...result.checks, ...(result.anchor?.checks ?? [])]));
  lines.push(formatVerifyVerdict(result));
  return `${lines.join('\n')}\n`;
}

/** One line per check (failed ones followed by their first failures), names aligned: for verify and verify-chain. */
export function formatCheckLines(checks: readonly CheckResult<string>[]): string[] {
  const lines: string[] = [];
  const nameWidth = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    const status = check.status === 'passed' ? 'ok  ' : check.status === 'failed' ? 'FAIL' : 'skip';
    const detail =
      check.status === 'failed'
        ? `${check.failureCount} failure${check.failureCount === 1 ? '' : 's'}`
        : check.status === 'skipped'
          ? check.skippedBecause
          : check.about;
    lines.push(`  ${status}  ${check.name.padEnd(nameWidth)}  ${detail}`);
    if (check.status === 'failed') {
      for (const failure of check.failures.slice(0, SHOWN_FAILURES)) lines.push(`          ${failure}`);
      if (check.failureCount > SHOWN_FAILURES) lines.push(`          ... and ${check.failureCount - SHOWN_FAILURES} more`);
    }
  }
  return lines;
}

/** The last line: VERIFIED with the counts, or FAILED naming every failed check. */
export function formatVerifyVerdict(result: AnchoredBundleVerification): string {
  const seconds = (result.ms / 1000).toFixed(1);
  const checks: CheckResult<string>[] = [...result.checks, ...(result.anchor?.checks ?? [])];
  const failed = checks.filter((check) => check.status === 'failed');
  const skipped = checks.filter((check) => check.status === 'skipped').length;
  const proofs = `${result.proofsVerified} of ${result.batches ?? 0} proofs valid`;
  if (result.ok) return `VERIFIED: ${checks.length - skipped} checks passed${skipped ? ` (${skipped} with nothing to check)` : ''}, ${proofs}, in ${seconds} s`;
  // A check that could not run is no pass either: named with the failed ones.
  const notRun = checks.filter((check) => check.status === 'skipped' && check.nothingToCheck !== true);
  const named = [...failed, ...(failed.length === 0 ? notRun : [])].map((check) => check.name);
  const what = failed.length > 0 ? `${failed.length} of ${checks.length} checks failed` : `${notRun.length} of ${checks.length} checks could not run`;
  return `FAILED: ${what} (${named.join(', ')}); ${proofs}; ${seconds} s`;
}
