import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCommand } from '../../../pipeline/cli/commands/generate-command.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { generateTrips, TRIP_COLUMNS } from '../../../pipeline/generate/index.js';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'stones-generate-command-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `stones generate ...` in-process, as main.ts wires it; returns what it printed. */
async function runGenerate(args: string[]): Promise<string> {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const program = new Command('stones').exitOverride().configureOutput({ writeErr: () => undefined });
  program.addCommand(generateCommand());
  await program.parseAsync(['node', 'stones', 'generate', ...args]);
  return printed.join('');
}

describe('stones generate', () => {
  it('writes the trips of the given options and prints one summary line', async () => {
    const out = join(directory, 'trips.csv');
    const printed = await runGenerate(['--users', '30', '--days', '7', '--seed', '5', '--out', out]);
    const expected = [...generateTrips({ users: 30, days: 7, seed: 5 })];
    expect(printed).toBe(`generate: ${expected.length} trips (csv) written to ${out}\n`);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe(TRIP_COLUMNS.join(','));
    expect(lines).toHaveLength(expected.length + 2);
  });

  it('defaults to seed 1 and a window from 2026-10-01, and takes --start', async () => {
    const out = join(directory, 'default.jsonl');
    await runGenerate(['--users', '5', '--days', '2', '--out', out]);
    const expected = [...generateTrips({ users: 5, days: 2, seed: 1, start: '2026-10-01' })];
    expect(readFileSync(out, 'utf8')).toBe(expected.map((trip) => `${JSON.stringify(trip)}\n`).join(''));
    const march = join(directory, 'march.jsonl');
    await runGenerate(['--users', '5', '--days', '2', '--out', march, '--start', '2027-03-01']);
    expect(readFileSync(march, 'utf8')).toContain('"started_at":"2027-03-0');
  });

  it.each([
    [['--users', '0', '--days', '1', '--out', 'x.csv']],
    [['--users', '1', '--days', 'two', '--out', 'x.csv']],
    [['--users', '1', '--days', '1', '--seed', '-3', '--out', 'x.csv']],
    [['--users', '1', '--days', '1', '--start', '2026-13-01', '--out', 'x.csv']],
    [['--users', '1', '--days', '1', '--out', 'x.xlsx']],
  ])('refuses bad values with a UsageError: %j', async (args) => {
    await expect(runGenerate(args)).rejects.toThrow(UsageError);
  });

  it('reports an output path that cannot be written as a UsageError', async () => {
    const blocker = join(directory, 'trips.csv'); // a file, used below as a folder
    await runGenerate(['--users', '1', '--days', '1', '--out', blocker]);
    await expect(runGenerate(['--users', '1', '--days', '1', '--out', join(blocker, 'x.csv')])).rejects.toThrow(UsageError);
  });
});
