import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { drawOdds, drawRandom, drawTag, fractionToDecimal } from '../../../pipeline/draw/index.js';
import { SCHEMA_VERSIONS, type AwardsLine, type Manifest, type Receipt } from '../../../pipeline/formats/index.js';
import { manifestBatchStatement } from '../../../pipeline/proving/prove/batch-statement.js';
import { readRunAwards } from '../../../pipeline/awards/index.js';
import { releasedRun, runPipeline } from '../../../pipeline/run/index.js';
import { loadFormula, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import { BUNDLE_CHECKS, type BundleCheckName, type BundleVerification, verifyBundleFiles } from '../../../pipeline/verification/index.js';
import { directoryBundleSource, verifyReceipt } from '../../../pipeline/verification/node/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';

// The draw's checks of `stones verify` on the sample's bundle (not proved: the checks named here
// need no proof), each tampering named by its check; and `stones verify-receipt` showing an
// owner their draw and refusing a receipt whose draw numbers were changed.

const SAMPLE = [`${REPO_ROOT}data-samples/trips.csv`, `${REPO_ROOT}data-samples/trips.owners.csv`, `${REPO_ROOT}data-samples/trips.crystals.csv`];
const PEPPER = BigInt(`0x5ec2e7${'4d'.repeat(28)}`);
const DRAW_CHECKS = BUNDLE_CHECKS.map((c) => c.name).filter((name) => name.startsWith('draw.') || name === 'awards.draw_wins');

let dir: string;
let bundle: string;
let runDir: string;
let scratch: string;
let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let manifest: Manifest;
let awards: AwardsLine[];

const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-draw-checks-'));
  formula = await loadFormula(`${REPO_ROOT}formula.json`);
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(dir, 'stones.duckdb'));
  try {
    const run = releasedRun(
      await runPipeline(database.connection, { inputs: SAMPLE, timeZone: 'UTC', formula, pepper: PEPPER, outDir: join(dir, 'out'), hasher, poseidon }),
    );
    runDir = run.publish.runDir;
  } finally {
    database.close();
  }
  bundle = join(runDir, 'bundle');
  scratch = join(dir, 'scratch');
  manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
  awards = readLines<AwardsLine>(join(bundle, 'awards.jsonl'));
}, 180_000);

afterAll(async () => {
  await hasher?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function verify(path: string): Promise<BundleVerification> {
  return verifyBundleFiles(directoryBundleSource(path), { poseidon, hasher, releaseCurve: false, allowDemoBeacon: true });
}

function statusOf(result: BundleVerification, name: BundleCheckName): string | undefined {
  return result.checks.find((c) => c.name === name)?.status;
}

function failedDrawChecks(result: BundleVerification): string[] {
  return result.checks.filter((c) => c.status === 'failed' && (DRAW_CHECKS as string[]).includes(c.name)).map((c) => c.name);
}

function failuresOf(result: BundleVerification, name: BundleCheckName): string[] {
  return result.checks.find((c) => c.name === name)?.failures ?? [];
}

/** A copy of the bundle with its manifest changed. */
function withManifest(change: (m: Manifest) => void): string {
  rmSync(scratch, { recursive: true, force: true });
  cpSync(bundle, scratch, { recursive: true });
  const copy = structuredClone(manifest);
  change(copy);
  writeFileSync(join(scratch, 'manifest.json'), JSON.stringify(copy, null, 2));
  return scratch;
}

function withAwards(change: (lines: AwardsLine[]) => void): string {
  rmSync(scratch, { recursive: true, force: true });
  cpSync(bundle, scratch, { recursive: true });
  const copy = structuredClone(awards);
  change(copy);
  writeFileSync(join(scratch, 'awards.jsonl'), `${copy.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return scratch;
}

const plus = (text: string, by: bigint): string => (BigInt(text) + by).toString();

describe('the draw in the sample bundle', () => {
  it('publishes the draw: the formula terms, u and U from the beacon, D stones won over the batches, and every draw check passes', async () => {
    const { draw } = manifest;
    expect(manifest.schema_version).toBe(SCHEMA_VERSIONS.manifest);
    expect({ stones: draw.stones, crystals_per_entry: draw.crystals_per_entry, max_entries: draw.max_entries }).toEqual({
      stones: String(formula.formula.draw?.stones),
      crystals_per_entry: formula.formula.draw?.crystals_per_entry,
      max_entries: formula.formula.draw?.max_entries,
    });
    expect(BigInt(draw.tag)).toBe(drawTag(manifest.period));
    expect(BigInt(draw.random)).toBe(drawRandom(poseidon, BigInt(manifest.beacon.value), manifest.period));
    // The sample's owners spend crystals on the draw: W > 0, so all D stones are won.
    expect(BigInt(draw.total)).toBeGreaterThan(0n);
    expect(BigInt(draw.entries)).toBeGreaterThan(0n);
    expect(BigInt(draw.offset)).toBe(BigInt(draw.random) % BigInt(draw.total));
    expect(draw.stones_won).toBe(draw.stones);
    expect(awards.reduce((sum, line) => sum + BigInt(line.draw_wins), 0n).toString()).toBe(draw.stones);
    expect(manifest.batches[0]?.draw_start).toBe('0');
    expect(manifest.batches.at(-1)?.draw_end).toBe(draw.total);
    const result = await verify(bundle);
    expect(DRAW_CHECKS).toEqual([
      'draw.formula',
      'draw.random',
      'draw.offset',
      'draw.intervals',
      'draw.batch_wins',
      'draw.stones_won',
      'draw.entries',
      'awards.draw_wins',
    ]);
    for (const name of DRAW_CHECKS) expect(statusOf(result, name), name).toBe('passed');
    expect(statusOf(result, 'awards.award_root')).toBe('passed');
    expect(result.draw).toEqual({
      stones: draw.stones,
      stonesWon: draw.stones_won,
      entries: draw.entries,
      total: draw.total,
      offset: draw.offset,
    });
    // stones verify shows the draw under the run line, and every draw check by name.
    const cli = runCli(['verify', bundle, '--allow-demo-beacon']);
    expect(cli.stdout).toContain(`draw    ${draw.stones_won} of ${draw.stones} stones won, ${draw.entries} entries (W ${draw.total}, U ${draw.offset})\n`);
    for (const name of DRAW_CHECKS) expect(cli.stdout).toMatch(new RegExp(`^ {2}ok {4}${name.replace('.', '\\.')} `, 'm'));
  }, 60_000);

  it("hands the award engine each owner's crystals spent, entries and stones won (awards.arrow, award rows v2)", async () => {
    const { rows, handoff } = await readRunAwards(runDir);
    expect(handoff.award_row_schema_version).toBe(SCHEMA_VERSIONS.award_row);
    const receipts = readLines<Receipt>(join(runDir, 'receipts.jsonl'));
    expect(rows.map((r) => [r.user_tag, r.crystals_spent, r.entries, r.draw_wins])).toEqual(
      receipts.map((r) => [r.user_tag, r.crystals_spent, r.entries, r.draw_wins]),
    );
    expect(rows.map((r) => r.draw_wins)).toEqual(awards.map((a) => a.draw_wins));
  });

  it('names a stone moved between owners in awards.jsonl: awards.draw_wins across batches, awards.award_root always', async () => {
    const winner = awards.findIndex((line) => BigInt(line.draw_wins) > 0n);
    expect(winner).toBeGreaterThanOrEqual(0);
    const other = awards.findIndex((line) => line.batch !== awards[winner]?.batch && BigInt(line.noisy_score) > 0n);
    const across = await verify(
      withAwards((lines) => {
        const [a, b] = [lines[winner] as AwardsLine, lines[other] as AwardsLine];
        a.draw_wins = plus(a.draw_wins, -1n);
        b.draw_wins = plus(b.draw_wins, 1n);
      }),
    );
    expect(failedDrawChecks(across)).toEqual(['awards.draw_wins']);
    expect(statusOf(across, 'awards.award_root')).toBe('failed');
    expect(failuresOf(across, 'awards.draw_wins')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^batch ${awards[winner]?.batch}: stones won add up to \\d+ in awards\\.jsonl, the manifest says draw_wins \\d+$`)),
      ]),
    );
    // Within one batch the sums hold, but the award leaves (which hash draw_wins) do not.
    const mate = awards.findIndex((line, i) => i !== winner && line.batch === awards[winner]?.batch && BigInt(line.noisy_score) > 0n);
    const within = await verify(
      withAwards((lines) => {
        const [a, b] = [lines[winner] as AwardsLine, lines[mate] as AwardsLine];
        a.draw_wins = plus(a.draw_wins, -1n);
        b.draw_wins = plus(b.draw_wins, 1n);
      }),
    );
    expect(failedDrawChecks(within)).toEqual([]);
    expect(statusOf(within, 'awards.award_root')).toBe('failed');
    // A stone to an owner whose noisy score is 0 (weight 0) is named as such.
    const zero = awards.findIndex((line) => line.noisy_score === '0');
    if (zero >= 0) {
      const result = await verify(
        withAwards((lines) => {
          (lines[zero] as AwardsLine).draw_wins = '1';
        }),
      );
      expect(failuresOf(result, 'awards.draw_wins')).toContainEqual(expect.stringMatching(/stones won with a noisy score of 0/));
    }
  }, 60_000);

  it('names a changed W, U, u, tag, batch interval, batch wins, stones won, entries and formula terms', async () => {
    const winning = manifest.batches.findIndex((b, k) => BigInt(b.draw_wins) > 0n && k + 1 < manifest.batches.length);
    expect(winning).toBeGreaterThanOrEqual(0);
    const cases: [string, (m: Manifest) => void, string[]][] = [
      [
        'W + 1',
        (m) => {
          m.draw.total = plus(m.draw.total, 1n);
        },
        ['draw.offset', 'draw.intervals'],
      ],
      [
        'U + 1',
        (m) => {
          m.draw.offset = plus(m.draw.offset, 1n);
        },
        ['draw.offset'],
      ],
      [
        'u changed',
        (m) => {
          m.draw.random = `0x${(BigInt(m.draw.random) ^ 1n).toString(16)}`;
        },
        ['draw.random'],
      ],
      [
        'the tag of another period',
        (m) => {
          m.draw.tag = `0x${drawTag('2000-01').toString(16)}`;
        },
        ['draw.random'],
      ],
      [
        'batch 1 starts one later',
        (m) => {
          const b = m.batches[1] as Manifest['batches'][number];
          b.draw_start = plus(b.draw_start, 1n);
        },
        ['draw.intervals'],
      ],
      [
        'a winning batch given an empty interval, its neighbour the rest',
        (m) => {
          const [b, next] = [m.batches[winning], m.batches[winning + 1]] as [Manifest['batches'][number], Manifest['batches'][number]];
          b.draw_end = b.draw_start;
          next.draw_start = b.draw_start;
        },
        ['draw.batch_wins'],
      ],
      [
        'a stone moved from batch to batch in the manifest',
        (m) => {
          const [b, next] = [m.batches[winning], m.batches[winning + 1]] as [Manifest['batches'][number], Manifest['batches'][number]];
          b.draw_wins = plus(b.draw_wins, -1n);
          next.draw_wins = plus(next.draw_wins, 1n);
        },
        ['draw.batch_wins', 'awards.draw_wins'],
      ],
      [
        'one stone fewer won',
        (m) => {
          m.draw.stones_won = plus(m.draw.stones_won, -1n);
        },
        ['draw.stones_won'],
      ],
      [
        'an entry more in a batch',
        (m) => {
          const b = m.batches[0] as Manifest['batches'][number];
          b.entries = plus(b.entries, 1n);
        },
        ['draw.entries'],
      ],
      [
        'more stones offered than the formula',
        (m) => {
          m.draw.stones = plus(m.draw.stones, 1n);
        },
        ['draw.formula', 'draw.batch_wins', 'draw.stones_won'],
      ],
      [
        'a cheaper entry',
        (m) => {
          m.draw.crystals_per_entry -= 1;
        },
        ['draw.formula'],
      ],
    ];
    for (const [what, change, expected] of cases) {
      const result = await verify(withManifest(change));
      expect(result.ok, what).toBe(false);
      expect(failedDrawChecks(result), what).toEqual(expected);
    }
    const total = await verify(
      withManifest((m) => {
        m.draw.total = plus(m.draw.total, 1n);
      }),
    );
    expect(failuresOf(total, 'draw.intervals')).toEqual([`the last batch ends at ${manifest.draw.total}, draw.total (W) is ${plus(manifest.draw.total, 1n)}`]);
    expect(failuresOf(total, 'draw.offset')[0]).toMatch(/^draw\.offset is \d+, u mod draw\.total = \d+ mod \d+ = \d+$/);
    const offset = await verify(
      withManifest((m) => {
        m.draw.offset = plus(m.draw.offset, 1n);
      }),
    );
    expect(statusOf(offset, 'draw.batch_wins')).toBe('skipped');
  }, 120_000);

  it('binds every draw number of a batch into its statement (W, U, draw_start, draw_end, draw_wins, entries)', () => {
    const batch = 1;
    const honest = manifestBatchStatement(poseidon, manifest, batch);
    const changes: ((m: Manifest) => void)[] = [
      (m) => {
        m.draw.total = plus(m.draw.total, 1n);
      },
      (m) => {
        m.draw.offset = plus(m.draw.offset, 1n);
      },
      ...(['draw_start', 'draw_end', 'draw_wins', 'entries'] as const).map((field) => (m: Manifest) => {
        const b = m.batches[batch] as Manifest['batches'][number];
        b[field] = plus(b[field], 1n);
      }),
    ];
    const statements = changes.map((change) => {
      const copy = structuredClone(manifest);
      change(copy);
      return manifestBatchStatement(poseidon, copy, batch);
    });
    expect(new Set([honest, ...statements]).size).toBe(1 + changes.length);
  });

  it('refuses a manifest of the version before the draw in one line, by manifest.format', async () => {
    const result = await verify(
      withManifest((m) => {
        const old = m as unknown as Record<string, unknown>;
        old.schema_version = SCHEMA_VERSIONS.manifest - 1;
        delete old.draw;
      }),
    );
    expect(failuresOf(result, 'manifest.format')).toEqual([
      `manifest.json has schema_version ${SCHEMA_VERSIONS.manifest - 1}, this stones reads schema_version ${SCHEMA_VERSIONS.manifest}: written by an older stones; publish the run again with this stones, or check it with the stones that wrote it`,
    ]);
  });
});

describe('stones verify-receipt and the draw', () => {
  function receiptFile(receipt: Receipt, name = 'receipt.json'): string {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(receipt));
    return path;
  }

  it('shows an owner their crystals, entries, chance, expected stones, u, U and wins, and checks them', async () => {
    const receipts = readLines<Receipt>(join(runDir, 'receipts.jsonl'));
    const winner = receipts.find((r) => BigInt(r.draw_wins) > 0n) as Receipt;
    expect(winner).toBeDefined();
    const { failures, draw } = await verifyReceipt(bundle, receiptFile(winner), poseidon, { allowDemoBeacon: true });
    expect(failures).toEqual([]);
    const weight = BigInt(winner.entries) * BigInt(winner.noisy_score);
    const odds = drawOdds(BigInt(manifest.draw.stones), BigInt(manifest.draw.total), weight);
    expect(draw).toEqual({
      stones: manifest.draw.stones,
      crystalsSpent: winner.crystals_spent,
      entries: winner.entries,
      weight: weight.toString(),
      total: manifest.draw.total,
      chance: fractionToDecimal(odds.winAtLeastOne),
      expectedStones: fractionToDecimal(odds.expected),
      random: manifest.draw.random,
      offset: manifest.draw.offset,
      wins: winner.draw_wins,
      stonesWon: manifest.draw.stones_won,
    });
    // The receipt says where the owner's interval ends (draw_count), never where it starts.
    expect(Object.keys(winner)).not.toContain('draw_weight_before');

    const cli = runCli(['verify-receipt', bundle, receiptFile(winner), '--allow-demo-beacon']);
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`^receipt OK: .*, stones won ${winner.draw_wins}\\n`));
    expect(cli.stdout).toContain(`  draw: ${winner.crystals_spent} crystals spent, ${winner.entries} entries (weight ${weight} of W ${manifest.draw.total})\n`);
    expect(cli.stdout).toContain(
      `  draw: chance of at least one stone ${fractionToDecimal(odds.winAtLeastOne)}, expected stones ${fractionToDecimal(odds.expected)}`,
    );
    expect(cli.stdout).toContain(`  draw: u ${manifest.draw.random}, U ${manifest.draw.offset} (from the beacon)`);
    expect(cli.stdout).toContain(`  draw: stones won ${winner.draw_wins} (floor or ceil of the expected stones; the batch proof shows it follows the rule)\n`);
  }, 60_000);

  it('fails a receipt whose crystals, entries or stones won were changed, naming the field', async () => {
    const receipts = readLines<Receipt>(join(runDir, 'receipts.jsonl'));
    const entrant = receipts.find((r) => BigInt(r.entries) > 0n && BigInt(r.entries) < BigInt(manifest.draw.max_entries)) as Receipt;
    expect(entrant).toBeDefined();
    const perEntry = BigInt(manifest.draw.crystals_per_entry);
    const cases: [string, (r: Receipt) => void][] = [
      [
        'entries:',
        (r) => {
          r.entries = plus(r.entries, 1n);
        },
      ],
      [
        'entries:',
        (r) => {
          r.crystals_spent = plus(r.crystals_spent, perEntry);
        },
      ],
      // Both changed consistently: only the data leaf, which packs the entries, tells.
      [
        'data_path',
        (r) => {
          r.crystals_spent = plus(r.crystals_spent, perEntry);
          r.entries = plus(r.entries, 1n);
        },
      ],
      [
        'draw_wins:',
        (r) => {
          r.draw_wins = plus(r.draw_wins, 1n);
        },
      ],
      [
        'draw_count:',
        (r) => {
          r.draw_count = plus(manifest.draw.stones, 1n);
        },
      ],
    ];
    for (const [name, tamper] of cases) {
      const copy = structuredClone(entrant);
      tamper(copy);
      const { failures } = await verifyReceipt(bundle, receiptFile(copy, 'tampered.json'), poseidon, { allowDemoBeacon: true });
      expect(failures.join('\n'), name).toContain(name);
    }
    // The owner's stones won, changed in awards.jsonl (and the receipt kept), is named too.
    const line = awards.findIndex((a) => a.batch === entrant.batch && a.leaf === entrant.leaf);
    const edited = withAwards((lines) => {
      (lines[line] as AwardsLine).draw_wins = plus(entrant.draw_wins, 1n);
    });
    const { failures } = await verifyReceipt(edited, receiptFile(entrant), poseidon, { allowDemoBeacon: true });
    expect(failures).toEqual(expect.arrayContaining([expect.stringMatching(/^draw_wins: awards\.jsonl publishes/), expect.stringMatching(/^award_root: /)]));
  }, 60_000);
});
