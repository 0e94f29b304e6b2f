import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { popcount32 } from '../pipeline/commitments/hash-pool/index.js';
import { openDatabase } from '../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../pipeline/features/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../pipeline/generate/index.js';
import { ingestFiles } from '../pipeline/ingest/index.js';
import {
  allocateAwards,
  dailyCapsOf,
  FEATURE_NAMES,
  loadFormula,
  noiseTradeoff,
  quantiseScore,
  scoreNoisePrivacy,
  scoreOf,
  type Formula,
} from '../pipeline/scoring/index.js';

export interface NoiseBenchOptions {
  formulaPath: string;
  /** The bundled sample (data-samples) when absent; else a generated population of this many owners. */
  users?: number;
  seed?: number;
  /** Draws of the noise per design; the figures are their means. */
  rounds?: number;
}

interface NoiseDesignFigures {
  label: string;
  k: number;
  n: number;
  quantised: boolean;
  epsilon: number;
  noiseSd: number;
  /** Correlation of the award with the true score, over the enrolled owners. */
  correlation: number;
  /** Median of |award - fair| / fair, fair = pool * score / total score, over owners with a positive score. */
  medianRelativeError: number;
  /** Owners with a positive score who get no award. */
  zeroAwardShare: number;
}

export interface NoiseBenchResult {
  population: string;
  owners: number;
  meanScore: number;
  scoreSd: number;
  rounds: number;
  designs: NoiseDesignFigures[];
}

/** Ones among n fresh random bits: Binomial(n, 1/2), the law of the Poseidon coins. */
function randomCoins(n: number): number {
  const bytes = randomBytes(Math.ceil(n / 32) * 4);
  let ones = 0;
  for (let word = 0; word * 32 < n; word += 1) {
    const take = Math.min(32, n - word * 32);
    const value = bytes.readUInt32LE(word * 4);
    ones += popcount32(take === 32 ? value : value & ((1 << take) - 1));
  }
  return ones;
}

function noisyOf(score: bigint, design: { k: number; n: number; quantised: boolean }): bigint {
  const coins = BigInt(randomCoins(design.n) - design.n / 2);
  if (!design.quantised) {
    // Formula version 1: the noise added to the raw score (off the lattice: no epsilon holds).
    const noisy = score + BigInt(design.k) * coins;
    return noisy > 0n ? noisy : 0n;
  }
  const index = quantiseScore(score, design.k).quotient + coins;
  return index > 0n ? BigInt(design.k) * index : 0n;
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dy = (ys[i] as number) - my;
    sxy += (x - mx) * dy;
    sxx += (x - mx) ** 2;
    syy += dy ** 2;
  });
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function figuresOf(scores: readonly bigint[], pool: bigint, design: { k: number; n: number; quantised: boolean }, rounds: number) {
  const total = scores.reduce((a, b) => a + b, 0n);
  const fair = scores.map((score) => (Number(pool) * Number(score)) / Number(total));
  let correlationSum = 0;
  let errorSum = 0;
  let zeroSum = 0;
  for (let round = 0; round < rounds; round += 1) {
    const { awards } = allocateAwards(
      pool,
      scores.map((score) => noisyOf(score, design)),
    );
    const awarded = awards.map(Number);
    correlationSum += correlation(awarded, scores.map(Number));
    const positive = scores.flatMap((score, i) => (score > 0n ? [i] : []));
    errorSum += median(positive.map((i) => Math.abs((awarded[i] as number) - (fair[i] as number)) / (fair[i] as number)));
    zeroSum += positive.filter((i) => awarded[i] === 0).length / positive.length;
  }
  return { correlation: correlationSum / rounds, medianRelativeError: errorSum / rounds, zeroAwardShare: zeroSum / rounds };
}

/** The true scores of every enrolled owner of 2026-10 in the population, under the formula. */
async function populationScores(formula: Formula, options: NoiseBenchOptions): Promise<{ population: string; scores: bigint[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-noise-'));
  const database = await openDatabase(':memory:');
  try {
    let inputs = ['data-samples/trips.csv', 'data-samples/trips.owners.csv'];
    let population = 'the bundled sample (data-samples/trips.csv, trips.owners.csv)';
    if (options.users !== undefined) {
      const generate = { users: options.users, days: 31, seed: options.seed ?? 2026, start: '2026-10-01' };
      inputs = [join(dir, 'trips.parquet'), join(dir, 'trips.owners.parquet')];
      await writeTripsFile(generateTrips(generate), inputs[0] as string);
      await writeOwnersFile(generateOwners(generate), inputs[1] as string);
      population = `a generated population (--users ${options.users} --days 31 --seed ${generate.seed} --start 2026-10-01)`;
    }
    await ingestFiles(database.connection, { inputs });
    await computeFeatures(database.connection, { period: parsePeriod('2026-10', 'UTC'), caps: dailyCapsOf(formula) });
    const reader = await database.connection.runAndReadAll(`SELECT ${FEATURE_NAMES.join(', ')} FROM features WHERE period = '2026-10' ORDER BY user_id`);
    const scores = reader
      .getRows()
      .map((row) => scoreOf(formula, Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, BigInt(row[i] as number | bigint)])) as never));
    return { population, scores };
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The utility of the noise: on a population, the awards under the formula's noise (and other
 * k and n, and formula version 1's unquantised k = 100, n = 2048 as the baseline), against
 * the fair awards of the true scores. Coins are drawn from node:crypto: the same law as the
 * pipeline's Poseidon coins.
 */
export async function benchNoise(options: NoiseBenchOptions): Promise<NoiseBenchResult> {
  const { formula } = await loadFormula(options.formulaPath);
  const rounds = options.rounds ?? 50;
  const { population, scores } = await populationScores(formula, options);
  const privacy = scoreNoisePrivacy(formula);
  const tradeoff = noiseTradeoff(formula, [32, 64, 96, 128]).filter((row) => Number.isFinite(row.epsilon) && row.latticeShift <= 2);
  const designs: NoiseDesignFigures[] = [];
  for (const row of tradeoff) {
    const design = { k: row.k, n: row.n, quantised: true };
    designs.push({
      label: row.published ? 'the formula' : '',
      ...design,
      epsilon: row.epsilon,
      noiseSd: row.noiseSd,
      ...figuresOf(scores, formula.pool, design, rounds),
    });
  }
  const v1 = { k: 100, n: 2048, quantised: false };
  designs.push({
    label: 'version 1 (no lattice)',
    ...v1,
    epsilon: Infinity,
    noiseSd: (100 * Math.sqrt(2048)) / 2,
    ...figuresOf(scores, formula.pool, v1, rounds),
  });
  const mean = scores.reduce((a, b) => a + Number(b), 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (Number(b) - mean) ** 2, 0) / scores.length);
  void privacy;
  return { population, owners: scores.length, meanScore: mean, scoreSd: sd, rounds, designs };
}

export function formatNoiseBench(result: NoiseBenchResult): string {
  const lines = [
    `noise bench: ${result.owners} enrolled owners of 2026-10 from ${result.population}`,
    `true scores: mean ${result.meanScore.toFixed(0)}, sd ${result.scoreSd.toFixed(0)}; each figure is the mean of ${result.rounds} draws of the noise`,
    '    k     n  epsilon  noise sd  corr(award, score)  median |award - fair| / fair  no award',
  ];
  for (const d of result.designs) {
    lines.push(
      `${String(d.k).padStart(5)} ${String(d.n).padStart(5)} ${(Number.isFinite(d.epsilon) ? d.epsilon.toFixed(4) : 'none').padStart(8)} ${d.noiseSd.toFixed(0).padStart(9)} ` +
        `${d.correlation.toFixed(3).padStart(19)} ${d.medianRelativeError.toFixed(3).padStart(29)} ${(100 * d.zeroAwardShare).toFixed(1).padStart(8)}%` +
        (d.label ? `   <- ${d.label}` : ''),
    );
  }
  const published = result.designs.find((d) => d.label === 'the formula');
  if (published) {
    const met = published.correlation >= 0.8 && published.medianRelativeError <= 0.25;
    lines.push(`goal at the published epsilon: correlation >= 0.8 and median relative error <= 0.25: ${met ? 'met' : 'NOT met'}`);
  }
  return lines.join('\n');
}
