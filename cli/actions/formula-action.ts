// The files themselves, not the scoring barrel: the formula's numbers need no database.
import { loadFormula } from '../../pipeline/scoring/load-formula.js';
import { noiseTradeoff, type NoiseTradeoffRow } from '../../pipeline/scoring/noise-tradeoff.js';
import { leastCoinsForTarget, scoreNoisePrivacy } from '../../pipeline/scoring/score-noise-privacy.js';

export interface FormulaOptions {
  formula: string;
  json?: boolean;
}

function formatEpsilon(epsilon: number): string {
  return Number.isFinite(epsilon) ? epsilon.toFixed(4) : 'none';
}

function tradeoffTable(rows: readonly NoiseTradeoffRow[]): string {
  const lines = ['    k    n  shift   epsilon   noise sd'];
  for (const row of rows) {
    lines.push(
      `${String(row.k).padStart(5)} ${String(row.n).padStart(4)} ${String(row.latticeShift).padStart(6)} ${formatEpsilon(row.epsilon).padStart(9)} ` +
        `${row.noiseSd.toFixed(0).padStart(10)}${row.published ? '   <- the formula' : ''}`,
    );
  }
  return lines.join('\n');
}

/** `stones formula`: what the published formula promises and costs, from the exact accountant. */
export async function formulaAction(options: FormulaOptions): Promise<void> {
  const loaded = await loadFormula(options.formula);
  const { formula } = loaded;
  const privacy = scoreNoisePrivacy(formula);
  const least = leastCoinsForTarget(privacy.sensitivity, privacy.k, { epsilon: privacy.targetEpsilon, delta: privacy.delta });
  const rows = noiseTradeoff(formula);
  if (options.json) {
    const json = {
      id: formula.id,
      version: formula.version,
      sha256: loaded.sha256,
      sensitivity: privacy.sensitivity.toString(),
      k: privacy.k,
      n: privacy.n,
      lattice_shift: privacy.latticeShift,
      epsilon: privacy.epsilon,
      target_epsilon: privacy.targetEpsilon,
      delta: privacy.delta,
      least_n_for_target: least ?? null,
      noise_sd: privacy.noiseSd,
      period_epsilon_budget: formula.release.period_epsilon,
      grace_days: formula.release.grace_days,
      tradeoff: rows.map((row) => ({
        k: row.k,
        n: row.n,
        lattice_shift: row.latticeShift,
        epsilon: Number.isFinite(row.epsilon) ? row.epsilon : null,
        noise_sd: row.noiseSd,
      })),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    [
      `formula ${formula.id} version ${formula.version} (sha256 ${loaded.sha256.slice(0, 16)}…)`,
      `privacy unit: one day of one owner's driving; sensitivity ${privacy.sensitivity} score points, ` +
        `k = ${privacy.k}: one user-day moves q = floor(score / k) by at most ${privacy.latticeShift} lattice steps`,
      `noise: n = ${privacy.n} coins, sd ${privacy.noiseSd.toFixed(0)} score units (k * sqrt(n) / 2)`,
      `epsilon ${formatEpsilon(privacy.epsilon)} per user-day and release at delta ${privacy.delta} (exact accountant; target ${privacy.targetEpsilon}, ` +
        `least n that meets it: ${least ?? 'none up to 128'})`,
      `releases: once per period, ${formula.release.grace_days} grace days after its end; corrections charged, up to epsilon ${formula.release.period_epsilon} a period`,
      formula.beacon === undefined
        ? 'beacon: no drand network pinned (only the demo beacon, which stones verify refuses without --allow-demo-beacon)'
        : `beacon: the first round of drand chain ${formula.beacon.drand.chain_hash.slice(0, 12)}… (every ${formula.beacon.drand.period} s) at least ${formula.beacon.margin_seconds} s after the data root's anchor block`,
      '',
      tradeoffTable(rows),
      '',
    ].join('\n'),
  );
}
