import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import {
  DEFAULT_QUEUE_PREFIX,
  NightlyScheduler,
  redactRedisUrl,
  resolveRedisUrl,
  type NightlySchedule,
} from '../../../jobs/index.js';
import { SAMPLE_INPUTS } from './run-command.js';

interface ScheduleOptions {
  cron?: string;
  tz?: string;
  input?: string[];
  list?: boolean;
  remove?: boolean;
  redis?: string;
  prefix: string;
}

type ScheduleAction = 'upsert' | 'list' | 'remove';

/** Which of --cron, --list, --remove was asked for; a UsageError for none, two, or stray options. */
function actionOf(options: ScheduleOptions): ScheduleAction {
  const asked = [options.cron !== undefined && '--cron', options.list && '--list', options.remove && '--remove'].filter(Boolean);
  if (asked.length === 0) throw new UsageError('stones schedule needs --cron PATTERN (to set the nightly run), --list or --remove');
  if (asked.length > 1) throw new UsageError(`${asked.join(' and ')} cannot be used together`);
  if (options.cron !== undefined) return 'upsert';
  const stray = [options.tz !== undefined && '--tz', options.input !== undefined && '--input'].filter(Boolean);
  if (stray.length > 0) throw new UsageError(`${stray.join(' and ')} ${stray.length === 1 ? 'goes' : 'go'} only with --cron`);
  return options.list ? 'list' : 'remove';
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

/** `stones schedule --cron PATTERN [--tz ZONE] [--input PATHS...] | --list | --remove [--redis URL]` */
export function scheduleCommand(): Command {
  return new Command('schedule')
    .description('set, show or remove the nightly run: one BullMQ Job Scheduler in Redis (from --redis or REDIS_URL)')
    .option('--cron <pattern>', 'when to run, a cron pattern read in --tz: "0 2 * * *" is 02:00 every day')
    .option('--tz <zone>', 'IANA time zone of the cron pattern (default UTC)')
    .option('--input <paths...>', `files, directories or globs each nightly run loads new files from, stored as absolute paths (default ${SAMPLE_INPUTS.join(' ')})`)
    .option('--list', 'show the schedule')
    .option('--remove', 'remove the schedule (the runs already done are kept)')
    .option('--redis <url>', 'redis://[:password@]host:port[/db] or rediss:// for TLS (default: REDIS_URL)')
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .addHelpText(
      'after',
      '\nExamples:\n  stones schedule --cron "0 2 * * *" --tz Asia/Shanghai --input /data/incoming\n  stones schedule --list\n  stones schedule --remove\n\nUpserting again replaces the schedule: there is only ever one nightly Job Scheduler.',
    )
    .action(async (options: ScheduleOptions) => {
      // Every option is checked before anything talks to Redis.
      const action = actionOf(options);
      const schedule =
        action === 'upsert'
          ? NightlyScheduler.checkSchedule({ cron: options.cron ?? '', tz: options.tz ?? 'UTC', inputs: options.input ?? [...SAMPLE_INPUTS] })
          : undefined;
      const url = resolveRedisUrl({ option: options.redis });
      const scheduler = await NightlyScheduler.connect({ url, prefix: options.prefix });
      try {
        const where = `${redactRedisUrl(url)}, prefix ${options.prefix}`;
        if (schedule !== undefined) {
          const stored = await scheduler.upsertNightlySchedule(schedule);
          process.stdout.write(`scheduled: ${formatSchedule(stored)} (Redis ${where})\n`);
        } else if (action === 'list') {
          const schedules = await scheduler.listSchedules();
          if (schedules.length === 0) process.stdout.write(`no schedule (Redis ${where})\n`);
          for (const stored of schedules) process.stdout.write(`${formatSchedule(stored)}\n`);
        } else {
          const removed = await scheduler.removeSchedule();
          process.stdout.write(removed ? `removed: the nightly schedule (Redis ${where})\n` : `no schedule to remove (Redis ${where})\n`);
        }
      } finally {
        await scheduler.close();
      }
    });
}
