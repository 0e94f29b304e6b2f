import type { RunSummary, StageRecord } from '../pipeline/history/index.js';

function seconds(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : ms < 600_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** `2026-11-01T02:00:03.123Z` → `2026-11-01 02:00:03Z`. */
function time(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : word.endsWith('h') ? 'es' : 's'}`;

/** One line per run: id, period, status, size, who, when, how long, and why it failed. */
export function formatRunsList(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'no runs\n';
  return runs
    .map((r) => {
      const failed = r.status === 'failed' ? ` failed in ${r.failed_stage ?? '?'}: ${r.failure ?? '?'}` : '';
      const attempts = r.attempts > 1 ? ` (${r.attempts} attempts)` : '';
      return (
        `${r.run_id}  ${r.period} ${r.time_zone}  ${r.status}  ${plural(r.users, 'user')}, ${plural(r.batches, 'batch')}  ` +
        `by ${r.started_by ?? 'unknown'}  created ${time(r.created_at)}  published ${time(r.published_at)}  ` +
        `stages ${seconds(r.stage_ms)}${attempts}${failed}`
      );
    })
    .join('\n')
    .concat('\n');
}

function countsText(counts: StageRecord['counts']): string {
  if (counts === null) return '';
  return Object.entries(counts)
    .filter(([key]) => key !== 'run_dir')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** The stage timings of one run, attempt by attempt. */
export function formatRunStages(run: RunSummary, stages: readonly StageRecord[]): string {
  const lines = [formatRunsList([run]).trimEnd()];
  if (stages.length === 0) lines.push('  no stage history (the run was made before stones recorded it)');
  let attempt = 0;
  for (const s of stages) {
    if (s.attempt !== attempt) {
      attempt = s.attempt;
      lines.push(`  attempt ${attempt} by ${s.started_by ?? 'unknown'}`);
    }
    const status = s.status === 'running' ? 'running (or interrupted)' : s.status;
    const detail = s.status === 'failed' ? `  ${s.error ?? ''}` : `  ${countsText(s.counts)}`;
    lines.push(`    ${s.stage.padEnd(10)}  ${status.padEnd(6)}  ${time(s.started_at)}  ${seconds(s.ms).padStart(9)}${detail.trimEnd()}`);
  }
  return `${lines.join('\n')}\n`;
}
