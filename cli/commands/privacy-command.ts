import { Command } from 'commander';
import { UsageError } from '../../pipeline/errors/index.js';
// Exact arithmetic, no dependencies: the samplers themselves load when the command runs.
import { parseRational, type Rational } from '../../pipeline/privacy/rational.js';
import { dbOption, formulaOption, jsonOption } from '../options/index.js';
import type { LedgerOptions, SampleCommandOptions } from '../actions/privacy-action.js';

const MAX_COUNT = 10_000_000;

function parseMechanism(value: string): 'laplace' | 'gaussian' {
  if (value !== 'laplace' && value !== 'gaussian') throw new UsageError(`--mechanism must be laplace or gaussian, got "${value}"`);
  return value;
}

function parsePositiveRational(name: string): (value: string) => Rational {
  return (value) => {
    let parsed: Rational;
    try {
      parsed = parseRational(value);
    } catch {
      throw new UsageError(`${name} must be a positive number (a decimal like 0.5 or 12.5, or a fraction like 1/3), got "${value}"`);
    }
    if (parsed.num <= 0n) throw new UsageError(`${name} must be positive, got "${value}"`);
    return parsed;
  };
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT.toLocaleString('en-US')}, got "${value}"`);
  }
  return n;
}

function parseSeed(value: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2}){1,64}$/.test(value)) throw new UsageError(`--seed must be 1 to 64 bytes in hex (an even number of hex digits), got "${value}"`);
  return Buffer.from(value, 'hex');
}

function sampleCommand(): Command {
  return new Command('sample')
    .description('print N noise samples, one integer a line, from the samplers every release uses (for an outside audit)')
    .requiredOption('--mechanism <name>', 'laplace (P[x] proportional to exp(-|x|/B)) or gaussian (to exp(-x^2/(2 S^2)))', parseMechanism)
    .option('--scale <B>', 'the Laplace scale B > 0: a decimal (0.5, 12.5, 1e4) or a fraction (1/3), taken exactly', parsePositiveRational('--scale'))
    .option('--sigma <S>', 'the Gaussian sigma S > 0: a decimal or a fraction, taken exactly', parsePositiveRational('--sigma'))
    .requiredOption('--count <N>', `number of samples, 1 to ${MAX_COUNT.toLocaleString('en-US')}`, parseCount)
    .option('--seed <hex>', 'reproducible samples from this seed (SHAKE256 stream; for audits only) instead of node:crypto', parseSeed)
    .addHelpText(
      'after',
      '\nThe samples are exact (Canonne, Kamath, Steinke 2020, Algorithms 1 to 3, in exact rational\n' +
        'arithmetic) and, without --seed, drawn from node:crypto like every release. With --seed the\n' +
        'same seed and options print the same lines on every machine.',
    )
    .action(async (options: SampleCommandOptions) => (await import('../actions/privacy-action.js')).sampleAction(options));
}

function ledgerCommand(): Command {
  return new Command('ledger')
    .description("a period's privacy ledger: every release, its cost, what is spent and what is left")
    .requiredOption('--period <YYYY-MM>', 'the month')
    .addOption(dbOption())
    .addOption(formulaOption('the published formula (its statistics section sets the budget)'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe budget is per period, for all of its releases whatever their time zone. Statistics spend zCDP rho;\n' +
        "each release of the period's scores is (epsilon, delta)-DP (the exact binomial accountant) and the releases add\n" +
        "by basic composition, up to the formula's release.period_epsilon.",
    )
    .action(async (options: LedgerOptions) => (await import('../actions/privacy-action.js')).ledgerAction(options));
}

/** `stones privacy ledger --period P` and `stones privacy sample ...` (the audit of the samplers). */
export function privacyCommand(): Command {
  return new Command('privacy')
    .description("differential privacy: a period's ledger and budget (ledger), or an audit of the noise samplers (sample)")
    .addCommand(ledgerCommand())
    .addCommand(sampleCommand());
}
