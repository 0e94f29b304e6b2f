import { createPoseidon } from '../../pipeline/commitments/poseidon/index.js';
import { verifyReceipt } from '../../pipeline/verification/node/index.js';
import { formatReceiptDraw } from '../format-receipt-draw.js';
import { openAnchorRegistry } from '../open-anchor-registry.js';
import { printJson } from '../print-json.js';

/** `stones verify-receipt`: one user's receipt against a public bundle; exit 1 when any check fails. */
export async function verifyReceiptAction(
  bundleDir: string,
  receiptPath: string,
  options: { json?: boolean; rpc?: string; registry?: string; allowDemoBeacon?: boolean },
): Promise<void> {
  const chain = options.rpc === undefined ? undefined : await openAnchorRegistry(bundleDir, options);
  let verification: Awaited<ReturnType<typeof verifyReceipt>>;
  try {
    verification = await verifyReceipt(bundleDir, receiptPath, await createPoseidon(), {
      ...(chain ? { anchor: { connection: chain.connection, registry: chain.registry } } : {}),
      allowDemoBeacon: options.allowDemoBeacon ?? false,
    });
  } finally {
    await chain?.close();
  }
  const { failures, receipt, draw } = verification;
  const ok = failures.length === 0 && receipt !== undefined;
  if (!ok) process.exitCode = 1;
  if (options.json) {
    printJson({ ok, failures, receipt: receipt ?? null, draw: draw ?? null });
    return;
  }
  if (ok) {
    process.stdout.write(
      `receipt OK: ${receipt.user_tag.slice(0, 18)}… in run ${receipt.run_id}: score ${receipt.score}, noisy ${receipt.noisy_score}, award ${receipt.award}, stones won ${receipt.draw_wins}${chain ? `; on chain ${chain.connection.chainId} at registry ${chain.registry}: the roots, the record and every batch's proof` : ''}\n`,
    );
    if (draw) process.stdout.write(formatReceiptDraw(draw));
    if (verification.demoBeaconAllowed)
      process.stdout.write('note: the beacon is the DEMO beacon (accepted with --allow-demo-beacon): the noise was predictable\n');
    return;
  }
  for (const failure of failures) process.stderr.write(`receipt FAILED: ${failure}\n`);
}
