import { Command } from 'commander';
import { jsonOption } from '../options/index.js';

export function verifyReceiptCommand(): Command {
  return new Command('verify-receipt')
    .description("check one user's receipt against a public bundle: commitment, score, noise and award, with no database")
    .argument('<bundleDir>', "the run's public bundle folder")
    .argument('<receipt>', 'a receipt file (one JSON object, as a line of receipts.jsonl)')
    .option('--rpc <url>', "also check the bundle's award and data roots, and the owner's batch proof, against the run's record on this EVM chain")
    .option('--registry <address>', "the StonesRegistry holding the record (default: the one the bundle's anchor.json names)")
    .option('--allow-demo-beacon', 'accept the demo beacon (or one given by hand) with a note, for a demo run; without it such a receipt fails on its beacon')
    .addOption(jsonOption('print { ok, failures, receipt } as one JSON document'))
    .addHelpText('after', '\nExit status: 0 when the receipt checks out, 1 when any check failed.')
    .action(async (bundleDir: string, receiptPath: string, options: { json?: boolean; rpc?: string; registry?: string; allowDemoBeacon?: boolean }) =>
      (await import('../actions/verify-receipt-action.js')).verifyReceiptAction(bundleDir, receiptPath, options),
    );
}
