import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTripsFile } from '../../../pipeline/generate/index.js';
import type { StatisticsRelease } from '../../../pipeline/statistics/index.js';
import { runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { useTempDir } from '../../support/temp-dir.js';
import { formulaWith, worstCaseDay } from './statistics-fixture.js';

const tempDir = useTempDir('stones-privacy-ledger-');

/** A late file for October: one worst-case day of `user`, and the enrolment of `user` (on 10-01). */
async function lateFiles(dir: string, user: string, day: string): Promise<string[]> {
  const trips = join(dir, `${user}.csv`);
  await writeTripsFile(worstCaseDay(user, day, user), trips);
  const owners = join(dir, `${user}.owners.csv`);
  writeFileSync(owners, `user_id,enrolled_on\n${user},2026-10-01\n`);
  return [trips, owners];
}

/** A formula whose statistics budget (rho 0.3) allows one release of rho 0.25. */
async function oneReleaseFormula(dir: string): Promise<string> {
  const formula = join(dir, 'formula.json');
  writeFileSync(formula, (await formulaWith((json) => (json.statistics.period_budget_rho = '0.3'))).canonicalJson);
  return formula;
}

describe('stones privacy ledger --period', () => {
  it('shows each release with its statistics and cost, the score noise, what is spent and what is left; a release over budget exits 1 in one line', async () => {
    const dir = tempDir();
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const db = join(dir, 'stones.duckdb');
    const out = join(dir, 'out');
    // One release costs rho 0.25: a budget of 0.3 allows one.
    const formula = await oneReleaseFormula(dir);
    const { inputs } = await writeGeneratedInputs(dir, { users: 10, days: 31, seed: 3, start: '2026-10-01' });

    const run = runCli(['run', '--no-prove', '--input', ...inputs, '--db', db, '--out', out, '--formula', formula], { env });
    expect(run.status, run.stderr).toBe(0);
    const line =
      /^statistics: release (2026-10-stats-[0-9a-f]{12}), 8 statistics, spent rho 0\.25; period 2026-10: rho 0\.25 of 0\.3 spent \(epsilon [\d.]+ at delta 1e-8\), 0\.05 left$/m.exec(
        run.stdout,
      );
    expect(line, run.stdout).not.toBeNull();
    const releaseId = line![1]!;
    const [runDir] = readdirSync(out);
    const stats = JSON.parse(readFileSync(join(out, runDir!, 'bundle', 'stats.json'), 'utf8')) as StatisticsRelease;
    expect(stats.release_id).toBe(releaseId);

    const shown = runCli(['privacy', 'ledger', '--period', '2026-10', '--db', db, '--formula', formula]);
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    const text = shown.stdout;
    expect(text).toContain(`privacy ledger of period 2026-10 (privacy unit: one day of one user's driving)`);
    expect(text).toContain("budget: rho 0.3 for the period's statistics (zCDP, all time zones together), reported at delta 1e-8");
    expect(text).toMatch(new RegExp(`^release ${releaseId}: run ${stats.run_id}, UTC, recorded \\S+, data ${stats.data_fingerprint.slice(0, 16)}…$`, 'm'));
    expect(text).toMatch(/^ {2}statistic +mechanism +scale +l1 +l2\^2 +rho +epsilon$/m);
    expect(text).toMatch(/^ {2}active_users +discrete_laplace +5 +1 +1 +0\.02 +0\.2$/m);
    expect(text).toMatch(/^ {2}total_km +discrete_gaussian +948\.683299 +300 +90000 +0\.05 +-$/m);
    expect(text).toMatch(/^ {2}trips_by_hour +discrete_gaussian +25\.298222 +8 +64 +0\.05 +-$/m);
    expect(text).toMatch(/^ {2}score_histogram +discrete_gaussian +5 +2 +2 +0\.04 +-$/m);
    expect(text).toMatch(/^spent on statistics: rho 0\.25 of 0\.3 \(epsilon [\d.]+ at delta 1e-8\) in 1 release$/m);
    expect(text).toMatch(/^left: rho 0\.05: 0 more releases of rho 0\.25 under this policy$/m);
    // The run's score release, next to the statistics: epsilon 1.9884 (printed to 4 digits) of the formula's 4.
    expect(text).toMatch(
      new RegExp(`^score release 1 \\(run ${stats.run_id}, \\S+Z\\): binomial on the lattice \\(k 114, sensitivity 228\\), epsilon 1\\.988, delta 1e-8$`, 'm'),
    );
    expect(text.match(/^score release /gm)).toHaveLength(1);
    expect(text).toMatch(/^spent on score releases: epsilon 1\.988 of 4 \(each further release of the period's scores is charged and refused past it\)$/m);
    expect(text).toMatch(/^in all, statistics and score noise by basic composition: epsilon [\d.]+, delta 2e-8 \(1 score release\)$/m);

    // The same data again: republished, nothing spent.
    // The same data again: the same run, its statistics republished, nothing spent.
    const again = runCli(['run', '--no-prove', '--input', ...inputs, '--db', db, '--out', out, '--formula', formula], { env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`already scored: `);
    expect(again.stdout).toContain(`statistics: republished release ${releaseId} (data already released for 2026-10: nothing drawn, nothing spent)`);
    expect(runCli(['privacy', 'ledger', '--period', '2026-10', '--db', db, '--formula', formula]).stdout).toBe(text);

    // New data for the period: a new release, over the statistics budget.
    const refused = runCli(
      ['run', '--no-prove', '--input', ...(await lateFiles(dir, 'u-late', '2026-10-09')), '--db', db, '--out', out, '--formula', formula],
      { env },
    );
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^stones: privacy_budget_exceeded: period 2026-10 has spent rho 0\.25 of its budget 0\.3 on statistics; this release would spend 0\.25 more \(0\.5 in all\), so it is refused before any statistic is drawn: nothing recorded, nothing published \(stones privacy ledger --period 2026-10 shows the ledger\)\n$/,
    );
    expect(readdirSync(out)).toEqual([runDir]);
    // No statistic was recorded: the releases of statistics and what they spent are as they were.
    const after = runCli(['privacy', 'ledger', '--period', '2026-10', '--db', db, '--formula', formula]).stdout;
    const statisticsPart = (ledger: string): string => ledger.slice(0, ledger.indexOf('\nscore release 1 '));
    expect(statisticsPart(after)).toBe(statisticsPart(text));

    const empty = runCli(['privacy', 'ledger', '--period', '2026-11', '--db', db, '--formula', formula]);
    expect(empty.status).toBe(0);
    expect(empty.stdout).toContain('no release of statistics recorded for 2026-11');
    expect(empty.stdout).toMatch(/^left: rho 0\.3: 1 more release of rho 0\.25 under this policy$/m);
    expect(empty.stdout).toMatch(/^spent on score releases: epsilon 0 of 4 /m);
    expect(empty.stdout).toMatch(/^in all, statistics and score noise by basic composition: epsilon 0, delta 0 \(0 score releases\)$/m);
  }, 120_000);

  // The statistics refusal says "nothing recorded, nothing published". Since the score stage
  // charges the run's score release (and stores its scores and beacon) before the statistics
  // stage checks its budget, a run refused there has spent one of the period's score releases
  // on scores nobody will ever see: the ledger shows a second score release (epsilon 3.977 of
  // 4), and the next correction of the period is refused for it.
  it('a run refused by the statistics budget records nothing: no score release either', async () => {
    const dir = tempDir();
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const db = join(dir, 'stones.duckdb');
    const out = join(dir, 'out');
    const formula = await oneReleaseFormula(dir);
    const { inputs } = await writeGeneratedInputs(dir, { users: 10, days: 31, seed: 3, start: '2026-10-01' });
    expect(runCli(['run', '--no-prove', '--input', ...inputs, '--db', db, '--out', out, '--formula', formula], { env }).status).toBe(0);
    const ledger = runCli(['privacy', 'ledger', '--period', '2026-10', '--db', db, '--formula', formula]).stdout;

    const refused = runCli(
      ['run', '--no-prove', '--input', ...(await lateFiles(dir, 'u-late', '2026-10-09')), '--db', db, '--out', out, '--formula', formula],
      { env },
    );
    expect(refused.stderr).toMatch(/^stones: privacy_budget_exceeded: .* nothing recorded, nothing published /);
    expect(runCli(['privacy', 'ledger', '--period', '2026-10', '--db', db, '--formula', formula]).stdout).toBe(ledger);
  }, 120_000);

  it('refuses, in one line, a missing --period, a bad period and a missing database', () => {
    const dir = tempDir();
    const noPeriod = runCli(['privacy', 'ledger', '--db', join(dir, 'x.duckdb')]);
    expect(noPeriod.status).toBe(2);
    expect(noPeriod.stderr).toBe("stones: usage: required option '--period <YYYY-MM>' not specified (see --help)\n");
    const badPeriod = runCli(['privacy', 'ledger', '--period', '2026-13']);
    expect(badPeriod.status).toBe(2);
    expect(badPeriod.stderr).toMatch(/^stones: usage: period must be a month written YYYY-MM/);
    const noDatabase = runCli(['privacy', 'ledger', '--period', '2026-10', '--db', join(dir, 'none.duckdb')]);
    expect(noDatabase.status).toBe(2);
    expect(noDatabase.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'none.duckdb'))).toBe(false);
  });
});
