import { spawn } from 'node:child_process';
import { BeaconError } from '../errors/beacon-error.js';

/** A beacon command that does not answer in this time has failed (it may wait for the next round, not for ever). */
export const BEACON_COMMAND_TIMEOUT_MS = 15 * 60_000;
const MAX_OUTPUT = 4_096;

/**
 * What the command never sees: it is a client of a public relay, not trusted with stones's
 * secrets (the pepper, the chain and witness keys) nor with URLs that may carry credentials.
 */
const WITHHELD_ENV = ['STONES_PEPPER', 'STONES_PEPPER_FILE', 'STONES_CHAIN_KEY', 'STONES_WITNESS_KEY', 'REDIS_URL', 'STONES_RPC_URL'];

function commandEnv(added: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...added };
  for (const name of WITHHELD_ENV) delete env[name];
  return env;
}

/**
 * Runs the operator's beacon command (`--beacon-command`) with these variables added to its
 * environment (and stones's secrets taken out) and gives its stdout, trimmed. A command that cannot start, exits non-zero, is
 * stopped or outlives the timeout is a BeaconError naming the command and the first line of
 * its stderr.
 */
export function runBeaconCommand(command: string, env: Record<string, string>, timeoutMs = BEACON_COMMAND_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: commandEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout ends whatever the command started (a sleep, a curl), not only the shell.
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(0, MAX_OUTPUT)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, MAX_OUTPUT)));
    const fail = (why: string): void => reject(new BeaconError(`the beacon command ${JSON.stringify(command)} ${why}`));
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(`could not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const said = stderr.trim().split('\n')[0] ?? '';
      if (timedOut) return fail(`gave no beacon in ${Math.round(timeoutMs / 1000)} s`);
      if (signal !== null) return fail(`was stopped by ${signal}`);
      if (code !== 0) return fail(`exited with ${code}${said ? `: ${said}` : ''}`);
      resolve(stdout.trim());
    });
  });
}
