import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseHolder } from '../../errors/database-in-use-error.js';
import { commandLineOfThisProcess } from './command-line-of-this-process.js';

/**
 * The contents of a lock file (JSON, one object): who holds it, so a refusal can name them, and
 * a token unique to this one acquisition, so "is this still the lock I judged?" is a string
 * comparison rather than a guess from pid and time.
 */
export interface LockRecord extends DatabaseHolder {
  token: string;
}

/** A record naming this process, with a fresh token. */
export function lockRecordOfThisProcess(now: Date = new Date()): LockRecord {
  return { pid: process.pid, hostname: hostname(), command: commandLineOfThisProcess(), started_at: now.toISOString(), token: randomUUID() };
}

/** The record in a lock file's text, or undefined when it is not one (another tool's file, a hand edit). */
export function parseLockRecord(text: string): LockRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, hostname: host, command, started_at: startedAt, token } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
  if (typeof host !== 'string' || typeof command !== 'string' || typeof startedAt !== 'string' || typeof token !== 'string' || token === '') return undefined;
  return { pid: pid as number, hostname: host, command, started_at: startedAt, token };
}
