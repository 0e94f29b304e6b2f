import { Command } from 'commander';
import { createPoseidon } from '../../commitments/poseidon/index.js';
import { verifyReceipt } from '../../verification/node/index.js';

export function verifyReceiptCommand(): Command {
  return new Command('verify-receipt')
    .description("check one user's receipt against a public bundle: commitment, score, noise and award, with no database")
    .argument('<bundleDir>', 'the run\'s public bundle folder')
    .argument('<receipt>', 'a receipt file (one JSON object, as a line of receipts.jsonl)')
    .action(async (bundleDir: string, receiptPath: string) => {
      const { failures, receipt } = await verifyReceipt(bundleDir, receiptPath, await createPoseidon());
      if (failures.length === 0 && receipt) {
        process.stdout.write(`receipt OK: ${receipt.user_tag.slice(0, 18)}… in run ${receipt.run_id}: score ${receipt.score}, noisy ${receipt.noisy_score}, award ${receipt.award}\n`);
        return;
      }
      for (const failure of failures) process.stderr.write(`receipt FAILED: ${failure}\n`);
      process.exitCode = 1;
    });
}
