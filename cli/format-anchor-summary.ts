import type { AnchorRunResult } from '../pipeline/anchoring/index.js';

function average(values: readonly bigint[]): bigint {
  return values.length === 0 ? 0n : values.reduce((a, b) => a + b, 0n) / BigInt(values.length);
}

/** What `stones anchor` prints: what it sent and its gas, then where the record is. */
export function formatAnchorSummary(result: AnchorRunResult, devChain: boolean): string {
  const { anchor, sent } = result;
  const lines: string[] = [];
  const where = `registry ${anchor.registry} on chain ${anchor.chain_id}${devChain ? ' (the local dev chain)' : ''}`;
  if (sent.length === 0) {
    lines.push(`run ${anchor.run_id} was already anchored at ${where}: nothing sent`);
  } else {
    const batchGas = sent.filter((s) => s.what.startsWith('batch ')).map((s) => s.gasUsed);
    const runGas = sent.filter((s) => !s.what.startsWith('batch ')).reduce((a, s) => a + s.gasUsed, 0n);
    const total = sent.reduce((a, s) => a + s.gasUsed, 0n);
    lines.push(`anchored run ${anchor.run_id} at ${where}: ${sent.length} transaction(s), ${total} gas`);
    if (runGas > 0n) lines.push(`  record (commit + outcome): ${runGas} gas`);
    if (batchGas.length > 0) lines.push(`  batch proofs verified: ${batchGas.length}, ${average(batchGas)} gas each on average`);
  }
  lines.push(
    `  commit: block ${anchor.commit.block} (${anchor.commit.block_time}), record: ${anchor.record ? `block ${anchor.record.block}` : 'not yet'}, batches verified on chain: ${anchor.batches.length} of ${anchor.batch_count}`,
  );
  lines.push(`  written: ${result.path}`);
  return `${lines.join('\n')}\n`;
}
