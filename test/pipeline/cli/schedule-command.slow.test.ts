import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { freePort, useTestRedis } from '../../support/redis-server.js';

const redis = useTestRedis();

function schedule(args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runCli> {
  return runCli(['schedule', ...args, '--prefix', redis().prefix], { env: { REDIS_URL: redis().url, ...env } });
}

function expectOk(result: ReturnType<typeof runCli>): string {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('stones schedule (real Redis, built CLI)', () => {
  it('upserts one nightly Job Scheduler, lists it, removes it', () => {
    expectOk(schedule(['add', '--cron', '0 2 * * *', '--tz', 'Asia/Shanghai', '--input', 'data-samples']));
    const second = expectOk(schedule(['add', '--cron', '15 1 * * *', '--tz', 'Europe/Berlin', '--input', 'incoming', '/srv/more/*.csv']));
    expect(second).toMatch(/^scheduled: nightly-run, cron "15 1 \* \* \*" in Europe\/Berlin, next run \d{4}-\d\d-\d\d 01:15:00 Europe\/Berlin \(/);
    expect(second).toContain(`inputs ${resolve(REPO_ROOT, 'incoming')} /srv/more/*.csv`);

    const list = expectOk(schedule(['list']))
      .trimEnd()
      .split('\n');
    expect(list).toHaveLength(1); // upserted twice, still one scheduler
    expect(list[0]).toMatch(/^nightly-run, cron "15 1 \* \* \*" in Europe\/Berlin, next run .* 01:15:00 Europe\/Berlin/);

    expect(expectOk(schedule(['remove']))).toMatch(/^removed: the nightly schedule/);
    expect(expectOk(schedule(['list']))).toMatch(/^no schedule \(Redis redis:\/\/127\.0\.0\.1:\d+\/?, prefix stones-test-/);
    expect(expectOk(schedule(['remove']))).toMatch(/^no schedule to remove/);
  });

  it('defaults to UTC and the bundled sample, and --redis wins over REDIS_URL', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const out = expectOk(
      runCli(['schedule', 'add', '--cron', '0 3 * * *', '--redis', redis().url, '--prefix', redis().prefix], { env: { REDIS_URL: nowhere } }),
    );
    expect(out).toContain(`cron "0 3 * * *" in UTC`);
    expect(out).toContain(`inputs ${resolve(REPO_ROOT, 'data-samples/trips.csv')}`);
    expectOk(schedule(['remove']));
  });

  it('fails with one line and exit 1, quickly, when Redis cannot be reached', async () => {
    const port = await freePort();
    const started = Date.now();
    const result = runCli(['schedule', 'list'], { env: { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` } });
    const elapsed = Date.now() - started;
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^stones: redis_unreachable: cannot use Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: connection refused`));
    expect(result.stderr).not.toContain('hunter2');
    expect(elapsed).toBeLessThan(10_000);

    const upsert = runCli(['schedule', 'add', '--cron', '0 2 * * *', '--redis', `redis://127.0.0.1:${port}`]);
    expect(upsert.status).toBe(1);
    expect(upsert.stderr).toMatch(/^stones: redis_unreachable: /);
  });
});
