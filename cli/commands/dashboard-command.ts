import { Command } from 'commander';
// The queue names alone: Bull Board, BullMQ and ioredis load only when the dashboard runs.
import { QUEUE_NAMES } from '../../jobs/config/queue-names.js';
import { prefixOption, redisOption } from '../options/index.js';
import { parsePort } from '../parse-options.js';
import type { DashboardOptions } from '../actions/dashboard-action.js';

/**
 * `stones dashboard`: Bull Board over the project's queues until SIGTERM or SIGINT, which
 * close the server and the Redis connections, exit 0. It listens on 127.0.0.1 unless told
 * otherwise: the prove jobs hold private witness inputs (features, salts), and Bull Board shows
 * job data to anyone who can reach it, with no login of its own.
 */
export function dashboardCommand(): Command {
  return new Command('dashboard')
    .description(`serve Bull Board over the queues (${Object.values(QUEUE_NAMES).join(', ')}) on this machine, until SIGTERM`)
    .option('--port <n>', 'TCP port (0: any free port)', parsePort('--port'), 3000)
    .option('--host <address>', 'interface to listen on; keep it local: the jobs hold private witness inputs', '127.0.0.1')
    .addOption(redisOption())
    .addOption(prefixOption())
    .action(async (options: DashboardOptions) => (await import('../actions/dashboard-action.js')).dashboardAction(options));
}
