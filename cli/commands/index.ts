import type { Command } from 'commander';
import { generateCommand } from './generate-command.js';
import { ingestCommand } from './ingest-command.js';
import { featuresCommand } from './features-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';
import { crystalsCommand } from './crystals-command.js';
import { ceremonyCommand } from './ceremony-command.js';
import { exportVerifierCommand } from './export-verifier-command.js';
import { proveCommand } from './prove-command.js';
import { anchorCommand } from './anchor-command.js';
import { devChainCommand } from './dev-chain-command.js';
import { chainRecordCommand } from './chain-record-command.js';
import { commitCommand } from './commit-command.js';
import { scoreCommand } from './score-command.js';
import { publishCommand } from './publish-command.js';
import { verifyCommand } from './verify-command.js';
import { verifyChainCommand } from './verify-chain-command.js';
import { verifyReceiptCommand } from './verify-receipt-command.js';
import { privacyCommand } from './privacy-command.js';
import { scheduleCommand } from './schedule-command.js';
import { workerCommand } from './worker-command.js';
import { dashboardCommand } from './dashboard-command.js';
import { formulaCommand } from './formula-command.js';
import { handoffCommand } from './handoff-command.js';

/** Commands added with addCommand do not inherit settings; copy them down the whole tree. */
function inheritSettings(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inheritSettings(child, command);
  return command;
}

/** Adds every command, each inheriting the program's one-line error output and exit handling. */
export function registerCommands(program: Command): void {
  for (const command of [
    runCommand(),
    runsCommand(),
    crystalsCommand(),
    handoffCommand(),
    generateCommand(),
    ingestCommand(),
    featuresCommand(),
    commitCommand(),
    scoreCommand(),
    publishCommand(),
    verifyReceiptCommand(),
    proveCommand(),
    anchorCommand(),
    devChainCommand(),
    chainRecordCommand(),
    verifyCommand(),
    verifyChainCommand(),
    ceremonyCommand(),
    exportVerifierCommand(),
    privacyCommand(),
    formulaCommand(),
    scheduleCommand(),
    workerCommand(),
    dashboardCommand(),
  ]) {
    program.addCommand(inheritSettings(command, program));
  }
}
