import type { ChainVerification } from '../pipeline/verification/node/index.js';
import { formatCheckLines, formatVerifyVerdict } from './format-verify-summary.js';

/** `stones verify-chain`'s report: one verdict per bundle, one line per chain check, the totals, the verdict. */
export function formatChainSummary(result: ChainVerification): string {
  const lines: string[] = [];
  for (const bundle of result.bundles) lines.push(`${bundle.period ?? '?'}  ${bundle.runId ?? bundle.bundleDir}  ${formatVerifyVerdict(bundle)}`);
  lines.push(...formatCheckLines(result.checks));
  const t = result.totals;
  if (t.periods > 0) {
    lines.push(
      `totals  ${t.periods} period${t.periods === 1 ? '' : 's'} ${t.firstPeriod} to ${t.lastPeriod}: carried in ${t.carriedIn}, pools ${t.newStones}, awarded ${t.awarded}, remainder ${t.remainder}` +
        (t.replaced > 0 ? ` (${t.replaced} release${t.replaced === 1 ? '' : 's'} replaced by corrections)` : ''),
    );
  }
  const failed = result.checks.filter((check) => check.status === 'failed' || (check.status === 'skipped' && !check.nothingToCheck)).map((check) => check.name);
  const seconds = (result.ms / 1000).toFixed(1);
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    result.ok
      ? `CHAIN VERIFIED: ${count(result.bundles.length, 'bundle')}, ${count(t.periods, 'period')}, in ${seconds} s`
      : `CHAIN FAILED: ${failed.join(', ')}; ${seconds} s`,
  );
  return `${lines.join('\n')}\n`;
}
