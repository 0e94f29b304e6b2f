import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { ConfigError, UsageError } from '../../errors/index.js';
import { parsePeriod } from '../../features/index.js';
import {
  createNoiseSampler,
  CryptoRandomSource,
  gaussianNoise,
  laplaceNoise,
  parseRational,
  SeededRandomSource,
  type NoiseSpec,
  type Rational,
  type RandomSource,
} from '../../privacy/index.js';
import { loadFormula } from '../../scoring/index.js';
import { readPeriodLedger } from '../../statistics/index.js';
import { formatPrivacyLedger } from '../format-privacy-ledger.js';
import { DEFAULT_FORMULA_PATH } from '../pipeline-context.js';

const MAX_COUNT = 10_000_000;
const LINES_PER_WRITE = 8192;

interface SampleCommandOptions {
  mechanism: 'laplace' | 'gaussian';
  scale?: Rational;
  sigma?: Rational;
  count: number;
  seed?: Buffer;
}

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

function noiseOf(options: SampleCommandOptions): NoiseSpec {
  if (options.mechanism === 'laplace') {
    if (options.sigma !== undefined) throw new UsageError('--sigma is for --mechanism gaussian; the Laplace takes --scale');
    if (options.scale === undefined) throw new UsageError('--mechanism laplace needs --scale B');
    return laplaceNoise(options.scale);
  }
  if (options.scale !== undefined) throw new UsageError('--scale is for --mechanism laplace; the Gaussian takes --sigma');
  if (options.sigma === undefined) throw new UsageError('--mechanism gaussian needs --sigma S');
  return gaussianNoise(options.sigma);
}

/** Writes `count` samples, one a line, in chunks of LINES_PER_WRITE, waiting when stdout is full. */
async function writeSamples(spec: NoiseSpec, source: RandomSource, count: number): Promise<void> {
  const sampler = createNoiseSampler(spec, source);
  const lines = new Array<string>(LINES_PER_WRITE);
  for (let done = 0; done < count; ) {
    const n = Math.min(LINES_PER_WRITE, count - done);
    for (let i = 0; i < n; i += 1) {
      const x = sampler.next();
      lines[i] = x === x ? String(x) : sampler.lastBig.toString();
    }
    lines.length = n;
    done += n;
    if (!process.stdout.write(`${lines.join('\n')}\n`)) await once(process.stdout, 'drain');
  }
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
    .action(async (options: SampleCommandOptions) => {
      const spec = noiseOf(options);
      const source: RandomSource = options.seed ? new SeededRandomSource(options.seed) : new CryptoRandomSource();
      await writeSamples(spec, source, options.count);
    });
}

interface LedgerOptions {
  period?: string;
  db: string;
  formula: string;
}

/** `stones privacy --period P`: the period's ledger, what it spent and what is left. */
async function showLedger(options: LedgerOptions): Promise<void> {
  if (options.period === undefined) throw new UsageError('give --period YYYY-MM to see its privacy ledger (or: stones privacy sample ...)');
  const period = parsePeriod(options.period, 'UTC'); // the budget is the period's, whatever the time zone of its releases
  const { formula } = await loadFormula(options.formula);
  if (formula.statistics === undefined) throw new ConfigError(`${options.formula}: no "statistics" section: the formula publishes no statistics and sets no budget`);
  if (options.db !== ':memory:' && !existsSync(options.db)) throw new UsageError(`no database at ${options.db}: pass --db`);
  // Only reads: also while a coordinator holds the database, between its nightly jobs.
  const database = await openDatabase(options.db, { whenInUse: 'read-only' });
  try {
    process.stdout.write(formatPrivacyLedger(period.id, await readPeriodLedger(database.connection, period.id), formula.statistics, formula));
  } finally {
    database.close();
  }
}

/** `stones privacy --period P` (the ledger) and `stones privacy sample ...` (the audit of the samplers). */
export function privacyCommand(): Command {
  return new Command('privacy')
    .description("differential privacy: a period's ledger and budget (--period), or an audit of the noise samplers (sample)")
    .option('--period <YYYY-MM>', 'show the privacy ledger of this month: every release, its cost, what is spent and what is left')
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--formula <path>', 'the published formula (its statistics section sets the budget)', DEFAULT_FORMULA_PATH)
    .addHelpText(
      'after',
      '\nThe budget is per period, for all of its releases whatever their time zone. Statistics spend zCDP rho;\n' +
        'each release of the period\'s scores is (epsilon, delta)-DP (the exact binomial accountant) and the releases add\n' +
        'by basic composition, up to the formula\'s release.period_epsilon.',
    )
    .action(showLedger)
    .addCommand(sampleCommand());
}
