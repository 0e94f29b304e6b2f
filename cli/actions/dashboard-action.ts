// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { QueuesDashboard, redactRedisUrl, resolveRedisUrl } from '../../jobs/index.js';

export interface DashboardOptions {
  port: number;
  host: string;
  redis?: string;
  prefix: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `stones dashboard`: serves Bull Board until SIGTERM or SIGINT. */
export async function dashboardAction(options: DashboardOptions): Promise<void> {
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
}
