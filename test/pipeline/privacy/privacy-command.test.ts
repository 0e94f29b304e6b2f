import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { privacyCommand } from '../../../cli/commands/privacy-command.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { DiscreteGaussian, DiscreteLaplace, SeededRandomSource } from '../../../pipeline/privacy/index.js';
import { runCli } from '../../support/cli.js';

function lines(stdout: string): string[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n');
}

/** The command in this process (no spawn): what it throws for a bad option. */
async function usageErrorOf(args: string[]): Promise<UsageError> {
  const program = new Command('stones').exitOverride().addCommand(privacyCommand().exitOverride());
  try {
    await program.parseAsync(['privacy', 'sample', ...args], { from: 'user' });
  } catch (error) {
    expect(error, args.join(' ')).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}

describe('stones privacy sample', () => {
  it('prints N integers, one a line, from the samplers the releases use (seeded: the same lines as in-process)', () => {
    const result = runCli(['privacy', 'sample', '--mechanism', 'laplace', '--scale', '5/2', '--count', '2000', '--seed', '00ff']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const printed = lines(result.stdout);
    expect(printed).toHaveLength(2000);
    expect(printed.every((line) => /^-?\d+$/.test(line))).toBe(true);
    const sampler = new DiscreteLaplace('2.5', new SeededRandomSource(Buffer.from('00ff', 'hex')));
    expect(printed).toEqual(Array.from({ length: 2000 }, () => sampler.sample().toString()));

    const gaussian = runCli(['privacy', 'sample', '--mechanism', 'gaussian', '--sigma', '0.5', '--count', '100', '--seed', 'abcd']);
    const g = new DiscreteGaussian('0.5', new SeededRandomSource(Buffer.from('abcd', 'hex')));
    expect(lines(gaussian.stdout)).toEqual(Array.from({ length: 100 }, () => g.sample().toString()));
  });

  it('draws from node:crypto without --seed', () => {
    const result = runCli(['privacy', 'sample', '--mechanism', 'gaussian', '--sigma', '1000', '--count', '50']);
    expect(result.status).toBe(0);
    const printed = lines(result.stdout);
    expect(printed).toHaveLength(50);
    expect(printed.every((line) => /^-?\d+$/.test(line))).toBe(true);
    expect(new Set(printed).size).toBeGreaterThan(40); // sigma 1000: repeats are rare
  });

  it('turns a bad option into one line on stderr and exit 2', () => {
    for (const args of [
      ['--mechanism', 'laplace', '--scale', '-1', '--count', '5'],
      ['--mechanism', 'laplace', '--count', '3'],
    ]) {
      const result = runCli(['privacy', 'sample', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^stones: usage: --(scale must be positive, got "-1"|mechanism laplace needs --scale B)\n$/);
    }
  });

  it('refuses every bad option with a UsageError (exit code 2) that names it', async () => {
    const cases: [string[], RegExp][] = [
      [['--mechanism', 'laplace', '--scale', '0', '--count', '5'], /^--scale must be positive, got "0"$/],
      [['--mechanism', 'gaussian', '--sigma', 'abc', '--count', '5'], /^--sigma must be a positive number/],
      [['--mechanism', 'gaussian', '--sigma', '1/0', '--count', '5'], /^--sigma must be a positive number/],
      [['--mechanism', 'laplace', '--scale', '1', '--count', '0'], /^--count must be a whole number from 1 to 10,000,000, got "0"$/],
      [['--mechanism', 'laplace', '--scale', '1', '--count', '10000001'], /^--count must be/],
      [['--mechanism', 'laplace', '--scale', '1', '--count', '2.5'], /^--count must be/],
      [['--mechanism', 'uniform', '--scale', '1', '--count', '3'], /^--mechanism must be laplace or gaussian, got "uniform"$/],
      [['--mechanism', 'gaussian', '--count', '3'], /^--mechanism gaussian needs --sigma S$/],
      [['--mechanism', 'gaussian', '--scale', '1', '--count', '3'], /^--scale is for --mechanism laplace/],
      [['--mechanism', 'laplace', '--sigma', '1', '--count', '3'], /^--sigma is for --mechanism gaussian/],
      [['--mechanism', 'gaussian', '--sigma', '1', '--count', '3', '--seed', 'xyz'], /^--seed must be 1 to 64 bytes in hex/],
      [['--mechanism', 'gaussian', '--sigma', '1', '--count', '3', '--seed', 'abc'], /^--seed must be/],
    ];
    for (const [args, message] of cases) {
      const error = await usageErrorOf(args);
      expect(error.exitCode).toBe(2);
      expect(error.message, args.join(' ')).toMatch(message);
    }
  });

  it('has --help', () => {
    const result = runCli(['privacy', 'sample', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: stones privacy sample');
  });
});
