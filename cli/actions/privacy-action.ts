import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { openDatabase } from '../../pipeline/db/index.js';
import { ConfigError, UsageError } from '../../pipeline/errors/index.js';
import { parsePeriod } from '../../pipeline/features/index.js';
import {
  createNoiseSampler,
  CryptoRandomSource,
  gaussianNoise,
  laplaceNoise,
  SeededRandomSource,
  type NoiseSpec,
  type Rational,
  type RandomSource,
} from '../../pipeline/privacy/index.js';
import { loadFormula } from '../../pipeline/scoring/index.js';
import { readPeriodLedger } from '../../pipeline/statistics/index.js';
import { formatPrivacyLedger } from '../format-privacy-ledger.js';
import { printJson } from '../print-json.js';

const LINES_PER_WRITE = 8192;

export interface SampleCommandOptions {
  mechanism: 'laplace' | 'gaussian';
  scale?: Rational;
  sigma?: Rational;
  count: number;
  seed?: Buffer;
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
      lines[i] = Number.isNaN(x) ? sampler.lastBig.toString() : String(x);
    }
    lines.length = n;
    done += n;
    if (!process.stdout.write(`${lines.join('\n')}\n`)) await once(process.stdout, 'drain');
  }
}

/** `stones privacy sample`: N samples, one integer a line. */
export async function sampleAction(options: SampleCommandOptions): Promise<void> {
  const spec = noiseOf(options);
  const source: RandomSource = options.seed ? new SeededRandomSource(options.seed) : new CryptoRandomSource();
  await writeSamples(spec, source, options.count);
}

export interface LedgerOptions {
  period: string;
  json?: boolean;
  db: string;
  formula: string;
}

/** `stones privacy ledger --period P`: the period's ledger, what it spent and what is left. */
export async function ledgerAction(options: LedgerOptions): Promise<void> {
  const period = parsePeriod(options.period, 'UTC'); // the budget is the period's, whatever the time zone of its releases
  const { formula } = await loadFormula(options.formula);
  if (formula.statistics === undefined)
    throw new ConfigError(`${options.formula}: no "statistics" section: the formula publishes no statistics and sets no budget`);
  if (options.db !== ':memory:' && !existsSync(options.db)) throw new UsageError(`no database at ${options.db}: pass --db`);
  // Only reads: also while a coordinator holds the database, between its nightly jobs.
  const database = await openDatabase(options.db, { whenInUse: 'read-only' });
  try {
    const entries = await readPeriodLedger(database.connection, period.id);
    if (options.json) printJson({ period: period.id, ledger: entries });
    else process.stdout.write(formatPrivacyLedger(period.id, entries, formula.statistics, formula));
  } finally {
    database.close();
  }
}
