import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the built `stones` CLI (the global setup builds it) and returns what it printed. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    // REDIS_URL switches `stones run` to Redis: only a test that asks for it passes it on.
    env: { ...withoutRedisUrl(process.env), ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function withoutRedisUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.REDIS_URL;
  return copy;
}
