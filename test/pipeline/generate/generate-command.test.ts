import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCommand } from '../../../cli/commands/generate-command.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { CRYSTAL_COLUMNS, generateCrystals, generateOwners, generateTrips, OWNER_COLUMNS, TRIP_COLUMNS } from '../../../pipeline/generate/index.js';
import { REPO_ROOT } from '../../support/cli.js';

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
  it('writes the trips and the owners of the given options and prints one summary line each', async () => {
    const out = join(directory, 'trips.csv');
    const ownersOut = join(directory, 'trips.owners.csv');
    const printed = await runGenerate(['--users', '30', '--days', '7', '--seed', '5', '--out', out]);
    const expected = [...generateTrips({ users: 30, days: 7, seed: 5 })];
    const expectedOwners = [...generateOwners({ users: 30, days: 7, seed: 5 })];
    const expectedCrystals = [...generateCrystals({ users: 30, days: 7, seed: 5 })];
    const crystalsOut = join(directory, 'trips.crystals.csv');
    expect(printed).toBe(
      `generate: ${expected.length} trips (csv) written to ${out}\n` +
        `generate: ${expectedOwners.length} owners (csv) written to ${ownersOut}\n` +
        `generate: ${expectedCrystals.length} crystal events (csv) written to ${crystalsOut}\n`,
    );
    expect(readFileSync(crystalsOut, 'utf8').split('\n')[0]).toBe(CRYSTAL_COLUMNS.join(','));
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe(TRIP_COLUMNS.join(','));
    expect(lines).toHaveLength(expected.length + 2);
    expect(readFileSync(ownersOut, 'utf8')).toBe(`${OWNER_COLUMNS.join(',')}\n${expectedOwners.map((o) => `${o.user_id},${o.enrolled_on}\n`).join('')}`);
  });

  it('writes the owners where --owners-out says, in its own format, or not at all with --no-owners', async () => {
    const out = join(directory, 'elsewhere.csv');
    const ownersOut = join(directory, 'enrolment', 'owners.jsonl');
    const printed = await runGenerate(['--users', '10', '--days', '3', '--out', out, '--owners-out', ownersOut]);
    expect(printed).toContain(`owners (jsonl) written to ${ownersOut}\n`);
    expect(existsSync(join(directory, 'elsewhere.owners.csv'))).toBe(false);
    const expectedOwners = [...generateOwners({ users: 10, days: 3, seed: 1 })];
    expect(readFileSync(ownersOut, 'utf8')).toBe(expectedOwners.map((o) => `${JSON.stringify(o)}\n`).join(''));

    const alone = join(directory, 'alone.parquet');
    expect(await runGenerate(['--users', '10', '--days', '3', '--out', alone, '--no-owners', '--no-crystals'])).not.toContain('owners');
    expect(existsSync(join(directory, 'alone.owners.parquet'))).toBe(false);
    expect(existsSync(join(directory, 'alone.crystals.parquet'))).toBe(false);

    const crystalsOut = join(directory, 'ledger', 'crystals.jsonl');
    const printed2 = await runGenerate(['--users', '10', '--days', '3', '--out', join(directory, 'c.csv'), '--no-owners', '--crystals-out', crystalsOut]);
    expect(printed2).toContain(`crystal events (jsonl) written to ${crystalsOut}\n`);
    const expectedCrystals = [...generateCrystals({ users: 10, days: 3, seed: 1 })];
    expect(readFileSync(crystalsOut, 'utf8')).toBe(expectedCrystals.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });

  it('regenerates the committed samples byte for byte: the trips, and the owners and crystal events next to them', async () => {
    const sample = ['--users', '200', '--days', '31', '--seed', '2026', '--start', '2026-10-01'];
    await runGenerate([...sample, '--out', join(directory, 'sample.csv')]);
    await runGenerate([...sample, '--out', join(directory, 'sample.parquet'), '--no-owners', '--no-crystals']);
    expect(readFileSync(join(directory, 'sample.csv'))).toEqual(readFileSync(`${REPO_ROOT}data-samples/trips.csv`));
    expect(readFileSync(join(directory, 'sample.parquet'))).toEqual(readFileSync(`${REPO_ROOT}data-samples/trips.parquet`));
    expect(readFileSync(join(directory, 'sample.owners.csv'))).toEqual(readFileSync(`${REPO_ROOT}data-samples/trips.owners.csv`));
    expect(readFileSync(join(directory, 'sample.crystals.csv'))).toEqual(readFileSync(`${REPO_ROOT}data-samples/trips.crystals.csv`));
  }, 60_000);

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
    [['--users', '1', '--days', '1', '--out', 'x.csv', '--owners-out', 'owners.xlsx']],
    [['--users', '1', '--days', '1', '--out', 'x.csv', '--owners-out', 'owners.csv', '--no-owners']],
    [['--users', '1', '--days', '1', '--out', 'x.csv', '--owners-out', './x.csv']],
  ])('refuses bad values with a UsageError: %j', async (args) => {
    await expect(runGenerate(args)).rejects.toThrow(UsageError);
  });

  it('reports an output path that cannot be written as a UsageError', async () => {
    const blocker = join(directory, 'trips.csv'); // a file, used below as a folder
    await runGenerate(['--users', '1', '--days', '1', '--out', blocker]);
    await expect(runGenerate(['--users', '1', '--days', '1', '--out', join(blocker, 'x.csv')])).rejects.toThrow(UsageError);
  });
});
