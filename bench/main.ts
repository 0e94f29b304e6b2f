#!/usr/bin/env node
import { CommanderError } from 'commander';
import { StonesError } from '../pipeline/errors/index.js';
import { benchProgram } from './bench-program.js';

/**
 * The benchmark CLI's edge: user errors become one line on stderr and a non-zero exit;
 * anything else is an internal fault and keeps its stack trace.
 */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await benchProgram().parseAsync(argv as string[]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander already printed its one line
    if (error instanceof StonesError) {
      process.stderr.write(`bench: ${error.code}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

// `npm run bench -- ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: internal error:\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
