// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { NightlyScheduler, redactRedisUrl, resolveRedisUrl, type NightlySchedule } from '../../jobs/index.js';
import { printJson } from '../print-json.js';
import { SAMPLE_INPUTS } from '../sample-inputs.js';

export interface ScheduleOptions {
  redis?: string;
  prefix: string;
  json?: boolean;
}

export interface ScheduleAddOptions extends ScheduleOptions {
  cron: string;
  tz: string;
  input?: string[];
}

/** `2026-11-26 02:00:00 Asia/Shanghai (2026-11-25T18:00:00.000Z)` */
function formatInstant(instant: Date, timeZone: string | undefined): string {
  if (timeZone === undefined) return instant.toISOString();
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${local} ${timeZone} (${instant.toISOString()})`;
}

function formatSchedule(schedule: NightlySchedule): string {
  const parts = [
    schedule.id,
    schedule.cron === undefined ? 'no cron pattern' : `cron "${schedule.cron}" in ${schedule.tz ?? 'UTC'}`,
    schedule.next === undefined ? 'no next run' : `next run ${formatInstant(schedule.next, schedule.tz)}`,
    `inputs ${schedule.data?.inputs?.join(' ') ?? '(none)'}`,
  ];
  return parts.join(', ');
}

/** Connects (after every option is checked), runs `body`, closes. */
async function withScheduler<T>(options: ScheduleOptions, body: (scheduler: NightlyScheduler, where: string) => Promise<T>): Promise<T> {
  const url = resolveRedisUrl({ option: options.redis });
  const scheduler = await NightlyScheduler.connect({ url, prefix: options.prefix });
  try {
    return await body(scheduler, `${redactRedisUrl(url)}, prefix ${options.prefix}`);
  } finally {
    await scheduler.close();
  }
}

/** `stones schedule add`: upserts the one nightly Job Scheduler. */
export async function scheduleAddAction(options: ScheduleAddOptions): Promise<void> {
  // Every option is checked before anything talks to Redis.
  const schedule = NightlyScheduler.checkSchedule({ cron: options.cron, tz: options.tz, inputs: options.input ?? [...SAMPLE_INPUTS] });
  await withScheduler(options, async (scheduler, where) => {
    const stored = await scheduler.upsertNightlySchedule(schedule);
    process.stdout.write(`scheduled: ${formatSchedule(stored)} (Redis ${where})\n`);
  });
}

/** `stones schedule list` */
export async function scheduleListAction(options: ScheduleOptions): Promise<void> {
  await withScheduler(options, async (scheduler, where) => {
    const schedules = await scheduler.listSchedules();
    if (options.json) {
      printJson(
        schedules.map((s) => ({ id: s.id, cron: s.cron ?? null, tz: s.tz ?? null, next: s.next?.toISOString() ?? null, inputs: s.data?.inputs ?? null })),
      );
      return;
    }
    if (schedules.length === 0) process.stdout.write(`no schedule (Redis ${where})\n`);
    for (const stored of schedules) process.stdout.write(`${formatSchedule(stored)}\n`);
  });
}

/** `stones schedule remove` */
export async function scheduleRemoveAction(options: ScheduleOptions): Promise<void> {
  await withScheduler(options, async (scheduler, where) => {
    const removed = await scheduler.removeSchedule();
    process.stdout.write(removed ? `removed: the nightly schedule (Redis ${where})\n` : `no schedule to remove (Redis ${where})\n`);
  });
}
