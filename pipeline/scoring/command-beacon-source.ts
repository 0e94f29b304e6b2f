import { spawn } from 'node:child_process';
import { fieldToHex } from '../commitments/field-encoding.js';
import { BeaconError } from '../errors/beacon-error.js';
import { UsageError } from '../errors/usage-error.js';
import { beaconToField } from './beacon-to-field.js';
import type { BeaconSource } from './beacon-source.js';

/** A beacon command that does not answer in this time has failed (it may wait for the next round, not for ever). */
const BEACON_COMMAND_TIMEOUT_MS = 15 * 60_000;
const MAX_OUTPUT = 4_096;

/**
 * A beacon source that runs a shell command of the operator's (`--beacon-command`), e.g. one
 * that waits for the first drand round after the commit and prints its randomness. The
 * command gets STONES_RUN_ID, STONES_DATA_ROOT (0x hex) and STONES_PERIOD in its environment
 * and prints the beacon, 1 to 64 hex digits, on stdout. Anything else is a BeaconError naming
 * the command's exit and the first line of its stderr.
 */
export function commandBeaconSource(command: string, timeoutMs = BEACON_COMMAND_TIMEOUT_MS): BeaconSource {
  return ({ runId, dataRoot, period }) =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], {
        env: { ...process.env, STONES_RUN_ID: runId, STONES_DATA_ROOT: fieldToHex(dataRoot), STONES_PERIOD: period },
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
        const hex = stdout.trim();
        try {
          resolve({ hex, value: beaconToField(hex), demo: false });
        } catch (error) {
          if (error instanceof UsageError) return fail(`printed ${JSON.stringify(hex.slice(0, 80))}, not 1 to 64 hex digits`);
          reject(error);
        }
      });
    });
}
