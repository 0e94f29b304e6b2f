import { Command } from 'commander';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES, QueuesDashboard, redactRedisUrl, resolveRedisUrl } from '../../../jobs/index.js';
import { parsePort } from '../parse-options.js';

interface DashboardOptions {
  port: number;
  host: string;
  redis?: string;
  prefix: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

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
    .option('--redis <url>', 'redis://[:password@]host:port[/db] or rediss:// for TLS (default: REDIS_URL)')
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .action(async (options: DashboardOptions) => {
      const url = resolveRedisUrl({ option: options.redis });
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      const dashboard = await QueuesDashboard.start({ url, prefix: options.prefix, host: options.host, port: options.port });
      if (!LOOPBACK.has(options.host)) {
        process.stderr.write(
          `WARNING: the dashboard listens on ${options.host}, not only this machine: anyone who reaches it sees the jobs' private witness inputs and can retry or delete jobs (Bull Board has no login).\n`,
        );
      }
      process.stdout.write(`dashboard: ${dashboard.url} (Redis ${redactRedisUrl(url)}, prefix ${options.prefix}); SIGTERM or Ctrl-C stops it\n`);
      const signal = await stopped;
      await dashboard.close();
      process.stdout.write(`dashboard: ${signal}, stopped\n`);
    });
}
