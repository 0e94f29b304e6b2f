import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT, runCli } from '../../support/cli.js';
import { freePort, useTestRedis } from '../../support/redis-server.js';

const redis = useTestRedis();

describe('stones dashboard (real Redis)', () => {
  it('serves Bull Board over the four queues on 127.0.0.1 and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: redis().url };
    const child = spawn(process.execPath, [CLI_PATH, 'dashboard', '--port', String(port), '--prefix', redis().prefix], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const deadline = Date.now() + 20_000;
      while (!/^dashboard: http/m.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the dashboard did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).toContain(`dashboard: http://127.0.0.1:${port}/ (Redis ${redis().url}, prefix ${redis().prefix})`);

      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<title>stones (${redis().prefix})</title>`);

      const api = await fetch(`http://127.0.0.1:${port}/api/queues`);
      expect(api.status).toBe(200);
      const { queues } = (await api.json()) as { queues: { name: string }[] };
      expect(queues.map((queue) => queue.name).sort()).toEqual(['awards-ready', 'finalize', 'prove', 'runs']);

      const started = Date.now();
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(output).toMatch(/^dashboard: SIGTERM, stopped$/m);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses an unreachable Redis in one line, exit 1', () => {
    const result = runCli(['dashboard', '--port', '0', '--redis', 'redis://127.0.0.1:1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^stones: redis_unreachable: /);
  });
});
