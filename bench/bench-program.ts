import { Command } from 'commander';
import {
  commitBenchCommand,
  featuresBenchCommand,
  ingestBenchCommand,
  jobsBenchCommand,
  noiseBenchCommand,
  poseidonBenchCommand,
  privacyBenchCommand,
  proveBenchCommand,
} from './commands/index.js';

/** Commands added with addCommand do not inherit settings; copy them down the whole tree. */
function inheritSettings(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inheritSettings(child, command);
  return command;
}

/**
 * The benchmark CLI (`npm run bench -- <name> [options]`): developer tooling, not part of the
 * stones product. Every benchmark prints ratios against a baseline measured in the same process.
 */
export function benchProgram(): Command {
  const program = new Command('bench')
    .usage('<name> [options]   (npm run bench -- <name> [options])')
    .description('stones benchmarks: each prints ratios against a baseline measured in the same run')
    .exitOverride()
    // Commander's own usage errors (unknown option, missing argument) on one line.
    .configureOutput({ outputError: (message, write) => write(`bench: usage: ${message.replace(/^error: /, '').trim()} (see --help)\n`) });
  for (const command of [
    ingestBenchCommand(),
    featuresBenchCommand(),
    commitBenchCommand(),
    noiseBenchCommand(),
    poseidonBenchCommand(),
    privacyBenchCommand(),
    proveBenchCommand(),
    jobsBenchCommand(),
  ]) {
    program.addCommand(inheritSettings(command, program));
  }
  return program;
}
