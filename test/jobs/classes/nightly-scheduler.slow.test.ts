import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { NIGHTLY_SCHEDULER_ID, NightlyScheduler, QUEUE_NAMES, RedisConnectionError } from '../../../jobs/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { freePort, useTestRedis } from '../../support/redis-server.js';

const redis = useTestRedis();

describe('NightlyScheduler (real Redis)', () => {
  const open: NightlyScheduler[] = [];
  afterEach(async () => {
    for (const scheduler of open.splice(0)) {
      await scheduler.removeSchedule();
      await scheduler.close();
    }
  });

  async function connect(): Promise<NightlyScheduler> {
    const scheduler = await NightlyScheduler.connect({ url: redis().url, prefix: redis().prefix });
    open.push(scheduler);
    return scheduler;
  }

  /** A plain BullMQ queue on the same keys, to look at what the scheduler left in Redis. */
  async function inspect<T>(look: (queue: Queue) => Promise<T>): Promise<T> {
    const queue = new Queue(QUEUE_NAMES.runs, { connection: { url: redis().url }, prefix: redis().prefix });
    try {
      return await look(queue);
    } finally {
      await queue.close();
    }
  }

  it('upserting twice keeps one Job Scheduler, with the latest cron and time zone', async () => {
    const scheduler = await connect();
    await scheduler.upsertNightlySchedule({ cron: '0 2 * * *', tz: 'Asia/Shanghai', inputs: ['data-samples'] });
    const second = await scheduler.upsertNightlySchedule({ cron: '30  3 * * *', tz: 'europe/berlin', inputs: ['/srv/incoming', 'more/*.csv'] });

    expect(second).toMatchObject({
      id: NIGHTLY_SCHEDULER_ID,
      cron: '30 3 * * *',
      tz: 'Europe/Berlin',
      data: { inputs: ['/srv/incoming', resolve('more/*.csv')], timeZone: 'Europe/Berlin' },
    });
    expect(second.next).toBeInstanceOf(Date);
    expect(second.next!.getTime()).toBeGreaterThan(Date.now());

    const counts = await inspect(async (queue) => ({
      schedulers: await queue.getJobSchedulersCount(),
      delayed: await queue.getDelayedCount(),
      repeatables: await queue.getJobSchedulers(),
    }));
    expect(counts.schedulers).toBe(1);
    expect(counts.delayed).toBe(1); // one next job, not one per upsert
    expect(counts.repeatables.map((s) => s.id ?? s.key)).toEqual([NIGHTLY_SCHEDULER_ID]);

    expect(await scheduler.listSchedules()).toEqual([second]);
  });

  it('removes the schedule and its pending job; removing again says there was none', async () => {
    const scheduler = await connect();
    await scheduler.upsertNightlySchedule({ cron: '0 2 * * *', tz: 'UTC', inputs: ['data-samples'] });
    expect(await scheduler.removeSchedule()).toBe(true);
    expect(await scheduler.listSchedules()).toEqual([]);
    expect(await inspect((queue) => queue.getDelayedCount())).toBe(0);
    expect(await scheduler.removeSchedule()).toBe(false);
  });

  it('refuses a bad cron pattern or time zone before writing anything', async () => {
    const scheduler = await connect();
    await expect(scheduler.upsertNightlySchedule({ cron: '0 2 * *', tz: 'UTC', inputs: ['x'] })).rejects.toThrow(UsageError);
    await expect(scheduler.upsertNightlySchedule({ cron: '0 2 * * *', tz: 'Mars/Olympus', inputs: ['x'] })).rejects.toThrow(UsageError);
    expect(await scheduler.listSchedules()).toEqual([]);
  });

  it('gives a RedisConnectionError, quickly, when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await NightlyScheduler.connect({ url: `redis://:hunter2@127.0.0.1:${port}`, prefix: redis().prefix }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect((error as RedisConnectionError).message).toMatch(/ECONNREFUSED/);
    expect((error as RedisConnectionError).message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
