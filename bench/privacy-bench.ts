import {
  createNoiseSampler,
  CryptoRandomSource,
  gaussianNoise,
  laplaceNoise,
  rationalToNumber,
  type NoiseSpec,
  type RandomSource,
} from '../pipeline/privacy/index.js';
import { median } from './median.js';

/** The goal of issue 5: exact samplers within this factor of the naive floating-point Laplace. */
export const PRIVACY_BENCH_GOAL = 20;
const PRIVACY_BENCH_SCALES = ['0.5', '3', '100', '10000'] as const;
const CHUNK = 1000;

interface PrivacyBenchRow {
  sampler: 'discrete Laplace' | 'discrete Gaussian';
  /** "b = 3" or "sigma = 3". */
  parameter: string;
  exactPerSecond: number;
  /** The naive float Laplace at the same scale (b = the row's b or sigma), in the same run. */
  naivePerSecond: number;
  /** naivePerSecond / exactPerSecond: how many times slower exactness is. */
  ratio: number;
}

export interface PrivacyBenchResult {
  rows: PrivacyBenchRow[];
  repeats: number;
  msPerRun: number;
}

/**
 * The textbook Laplace the issue warns against, as a baseline: round(-b ln(u)) with a random
 * sign, u uniform in (0, 1] from 53 random bits of the same buffered node:crypto source (so
 * both sides pay the same for randomness). Its output has holes and bias in the low bits of
 * the doubles (Mironov 2012): it is here only to be timed.
 */
export function naiveFloatLaplace(source: RandomSource, b: number): () => number {
  return () => {
    const u = ((source.nextUint32() >>> 5) * 67108864 + (source.nextUint32() >>> 6) + 1) / 9007199254740992;
    const x = Math.round(-b * Math.log(u));
    return source.nextBit() === 1 ? -x : x;
  };
}

/** Samples per second of `draw` over about `ms` milliseconds (checked every CHUNK samples). */
function rate(draw: () => number, ms: number, sink: { value: number }): number {
  let samples = 0;
  let total = 0;
  const started = performance.now();
  let elapsed = 0;
  for (;;) {
    elapsed = performance.now() - started;
    if (elapsed >= ms) break;
    for (let i = 0; i < CHUNK; i += 1) total += draw();
    samples += CHUNK;
  }
  sink.value += total;
  return (samples * 1000) / elapsed;
}

/**
 * Each exact sampler (through `sample()`, the bigint every release adds) at each scale, and the
 * naive float Laplace at the same scale, in alternating timed runs of the same process; the
 * median of `repeats` runs each.
 */
export function benchPrivacy(options: { msPerRun?: number; repeats?: number } = {}): PrivacyBenchResult {
  const msPerRun = options.msPerRun ?? 200;
  const repeats = options.repeats ?? 5;
  const source = new CryptoRandomSource();
  const sink = { value: 0 };
  const specs: [PrivacyBenchRow['sampler'], string, NoiseSpec][] = [
    ...PRIVACY_BENCH_SCALES.map((b): [PrivacyBenchRow['sampler'], string, NoiseSpec] => ['discrete Laplace', `b = ${b}`, laplaceNoise(b)]),
    ...PRIVACY_BENCH_SCALES.map((s): [PrivacyBenchRow['sampler'], string, NoiseSpec] => ['discrete Gaussian', `sigma = ${s}`, gaussianNoise(s)]),
  ];
  const rows = specs.map(([sampler, parameter, spec]) => {
    const exactSampler = createNoiseSampler(spec, source);
    const exact = (): number => (exactSampler.sample() > 0n ? 1 : 0);
    const naive = naiveFloatLaplace(source, rationalToNumber(spec.mechanism === 'discrete_laplace' ? spec.scale : spec.sigma));
    rate(exact, msPerRun / 4, sink); // warm-up of both
    rate(naive, msPerRun / 4, sink);
    const exactRuns: number[] = [];
    const naiveRuns: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      naiveRuns.push(rate(naive, msPerRun, sink));
      exactRuns.push(rate(exact, msPerRun, sink));
    }
    const exactPerSecond = median(exactRuns);
    const naivePerSecond = median(naiveRuns);
    return { sampler, parameter, exactPerSecond, naivePerSecond, ratio: naivePerSecond / exactPerSecond };
  });
  if (sink.value === Number.MIN_VALUE) rows.length = 0; // keeps the samples alive; never true
  return { rows, repeats, msPerRun };
}

function perSecond(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(0)} k/s`;
}

export function formatPrivacyBench(result: PrivacyBenchResult): string {
  const header = ['sampler', 'parameter', 'exact', 'naive float Laplace', 'naive / exact', `within ${PRIVACY_BENCH_GOAL}x`];
  const rows = result.rows.map((row) => [
    row.sampler,
    row.parameter,
    perSecond(row.exactPerSecond),
    perSecond(row.naivePerSecond),
    `${row.ratio.toFixed(1)}x`,
    row.ratio <= PRIVACY_BENCH_GOAL ? 'yes' : 'NO',
  ]);
  const missed = result.rows.filter((row) => row.ratio > PRIVACY_BENCH_GOAL);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] as string).length)));
  const table = [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd(),
  );
  return [
    `Noise samples per second, one thread, node:crypto randomness buffered 64 KiB at a time; median of ${result.repeats} runs of ${result.msPerRun} ms each, exact and naive alternating`,
    "naive float Laplace: round(-b ln(u)) with a random sign, at b = the row's scale (or sigma), from the same random source",
    ...table,
    missed.length === 0
      ? `goal met: every exact sampler is within ${PRIVACY_BENCH_GOAL}x of the naive float Laplace (worst ${Math.max(...result.rows.map((r) => r.ratio)).toFixed(1)}x)`
      : `goal NOT met for ${missed.map((row) => `${row.sampler} ${row.parameter}`).join(', ')}`,
  ].join('\n');
}
