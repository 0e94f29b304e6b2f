import { Command } from 'commander';
import { jsonOption, prefixOption, redisOption } from '../options/index.js';
import { SAMPLE_INPUTS } from '../sample-inputs.js';
import type { ScheduleAddOptions, ScheduleOptions } from '../actions/schedule-action.js';

const loadAction = () => import('../actions/schedule-action.js');

/** --redis and --prefix, on each subcommand. */
function withRedis(command: Command): Command {
  return command.addOption(redisOption()).addOption(prefixOption());
}

/** `stones schedule add|list|remove`: the one nightly BullMQ Job Scheduler. */
export function scheduleCommand(): Command {
  return new Command('schedule')
    .description('set, show or remove the nightly run: one BullMQ Job Scheduler in Redis (from --redis or REDIS_URL)')
    .addCommand(
      withRedis(
        new Command('add')
          .description('set the nightly run (replacing the one there is: there is only ever one nightly Job Scheduler)')
          .requiredOption('--cron <pattern>', 'when to run, a cron pattern read in --tz: "0 2 * * *" is 02:00 every day')
          .option('--tz <zone>', 'IANA time zone of the cron pattern', 'UTC')
          .option(
            '--input <paths...>',
            `files, directories or globs each nightly run loads new files from, stored as absolute paths (default ${SAMPLE_INPUTS.join(' ')})`,
          ),
      )
        .addHelpText('after', '\nExample:\n  stones schedule add --cron "0 2 * * *" --tz Asia/Shanghai --input /data/incoming')
        .action(async (options: ScheduleAddOptions) => (await loadAction()).scheduleAddAction(options)),
    )
    .addCommand(
      withRedis(new Command('list').description('show the schedule'))
        .addOption(jsonOption())
        .action(async (options: ScheduleOptions) => (await loadAction()).scheduleListAction(options)),
    )
    .addCommand(
      withRedis(new Command('remove').description('remove the schedule (the runs already done are kept)')).action(async (options: ScheduleOptions) =>
        (await loadAction()).scheduleRemoveAction(options),
      ),
    );
}
