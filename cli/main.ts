#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { StonesError } from '../pipeline/errors/index.js';
import { registerCommands } from './commands/index.js';
import { applyConfigFile, DEFAULT_CONFIG_FILE } from './options/apply-config-file.js';

/**
 * The CLI's edge: user errors become one line on stderr and a non-zero exit; anything else
 * is an internal fault and keeps its stack trace.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('stones')
    .description('stones: data-value awards with zero-knowledge proofs and differentially private statistics')
    .exitOverride()
    // Commander's own usage errors (unknown option, missing argument) on one line too.
    .configureOutput({ outputError: (message, write) => write(`stones: usage: ${message.replace(/^error: /, '').trim()} (see --help)\n`) })
    .addOption(
      new Option('--config <file>', `defaults for --db, --formula, --out, --redis and --prefix (default: ./${DEFAULT_CONFIG_FILE} if it exists)`).env(
        'STONES_CONFIG',
      ),
    )
    // Before any action: the config file fills the shared options the command line and the environment left to their defaults.
    .hook('preAction', (thisCommand, actionCommand) => applyConfigFile(actionCommand, thisCommand.opts<{ config?: string }>().config));
  registerCommands(program);
  try {
    await program.parseAsync(argv as string[]);
    // A command that reports failed checks (verify-receipt) sets the exit code itself.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Commander already printed its one line (or the help); its usage errors exit 2 like ours.
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === 'commander.help' ? error.exitCode : 2;
    if (error instanceof StonesError) {
      process.stderr.write(`stones: ${error.code}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

// `stones ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stones: internal error (a bug, please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
