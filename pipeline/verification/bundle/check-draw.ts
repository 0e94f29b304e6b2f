import { fieldFromHex, fieldToHex } from '../../commitments/field-encoding.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { drawCount } from '../../draw/draw-count.js';
import { drawOffset, drawRandom } from '../../draw/draw-offset.js';
import { drawTag } from '../../draw/draw-tag.js';
import type { Manifest } from '../../formats/index.js';
import { formulaDrawOf } from '../../scoring/formula-numbers.js';
import type { Formula } from '../../scoring/formula.js';
import type { CheckLog } from './check-log.js';

/** The draw's terms in the manifest are formula.json's (zeros when the formula has no draw). */
function checkDrawFormula(log: CheckLog, manifest: Manifest, formula: Formula | undefined): void {
  if (formula === undefined) return void log.skip('draw.formula', 'formula.json could not be read');
  const terms = formulaDrawOf(formula);
  const { draw } = manifest;
  if (draw.stones !== String(terms.stones)) log.fail('draw.formula', `draw.stones: the manifest says ${draw.stones}, formula.json offers ${terms.stones}`);
  if (draw.crystals_per_entry !== terms.crystals_per_entry)
    log.fail('draw.formula', `draw.crystals_per_entry: the manifest says ${draw.crystals_per_entry}, formula.json ${terms.crystals_per_entry}`);
  if (draw.max_entries !== terms.max_entries)
    log.fail('draw.formula', `draw.max_entries: the manifest says ${draw.max_entries}, formula.json ${terms.max_entries}`);
}

/** u recomputed from the beacon and the period: the draw's one random number, which nobody chose. */
function checkDrawRandom(log: CheckLog, manifest: Manifest, poseidon: PoseidonHasher): bigint {
  const tag = drawTag(manifest.period);
  if (fieldFromHex(manifest.draw.tag) !== tag)
    log.fail('draw.random', `draw.tag is ${manifest.draw.tag}, "stones-draw/${manifest.period}" gives ${fieldToHex(tag)}`);
  const random = drawRandom(poseidon, fieldFromHex(manifest.beacon.value), manifest.period);
  if (fieldFromHex(manifest.draw.random) !== random) {
    log.fail('draw.random', `draw.random is ${manifest.draw.random}, the low 128 bits of Poseidon(beacon, draw tag) are ${fieldToHex(random)}`);
  }
  return random;
}

function checkDrawOffset(log: CheckLog, manifest: Manifest, random: bigint): void {
  const total = BigInt(manifest.draw.total);
  const offset = drawOffset(random, total);
  if (BigInt(manifest.draw.offset) !== offset) {
    log.fail(
      'draw.offset',
      total === 0n
        ? `draw.offset is ${manifest.draw.offset}, with draw.total 0 (no entrant) it is 0`
        : `draw.offset is ${manifest.draw.offset}, u mod draw.total = ${random} mod ${total} = ${offset}`,
    );
  }
}

/** The batches' slices of the cumulative weight: [0, e_0), [e_0, e_1), ..., ending at W. */
function checkDrawIntervals(log: CheckLog, manifest: Manifest): void {
  const total = BigInt(manifest.draw.total);
  let previousEnd = 0n;
  manifest.batches.forEach((b, k) => {
    const start = BigInt(b.draw_start);
    const end = BigInt(b.draw_end);
    if (start !== previousEnd) {
      log.fail(
        'draw.intervals',
        k === 0
          ? `batch 0: draw_start is ${b.draw_start}, the draw starts at 0`
          : `batch ${k}: draw_start is ${b.draw_start}, batch ${k - 1} ends at ${previousEnd}`,
      );
    }
    if (end < start) log.fail('draw.intervals', `batch ${k}: draw_end ${b.draw_end} is below its draw_start ${b.draw_start}`);
    if (BigInt(b.entries) === 0n && end !== start)
      log.fail('draw.intervals', `batch ${k}: no entries, but a draw interval [${b.draw_start}, ${b.draw_end}) of positive weight`);
    previousEnd = end;
  });
  if (previousEnd !== total) {
    log.fail('draw.intervals', `the last batch ends at ${previousEnd}, draw.total (W) is ${manifest.draw.total}`);
  }
}

/** Each batch's stones won: the points U + m W (scaled by D) that fall in its interval. */
function checkBatchWins(log: CheckLog, manifest: Manifest): void {
  if (log.failed('draw.intervals') || log.failed('draw.offset')) {
    return void log.skip('draw.batch_wins', 'the draw intervals or offset are wrong (draw.intervals, draw.offset)');
  }
  const parameters = { stones: BigInt(manifest.draw.stones), total: BigInt(manifest.draw.total), offset: BigInt(manifest.draw.offset) };
  manifest.batches.forEach((b, k) => {
    let wins: bigint;
    try {
      wins = drawCount(parameters, BigInt(b.draw_end)) - drawCount(parameters, BigInt(b.draw_start));
    } catch (error) {
      log.fail('draw.batch_wins', `batch ${k}: ${(error as Error).message}`);
      return;
    }
    if (BigInt(b.draw_wins) !== wins) {
      log.fail('draw.batch_wins', `batch ${k}: draw_wins is ${b.draw_wins}, c(${b.draw_end}) - c(${b.draw_start}) = ${wins} stones fall in its interval`);
    }
  });
}

function checkStonesWon(log: CheckLog, manifest: Manifest): void {
  const { draw } = manifest;
  const won = manifest.batches.reduce((sum, b) => sum + BigInt(b.draw_wins), 0n);
  if (won.toString() !== draw.stones_won) log.fail('draw.stones_won', `the batches' draw_wins add up to ${won}, draw.stones_won is ${draw.stones_won}`);
  const due = BigInt(draw.total) > 0n ? BigInt(draw.stones) : 0n;
  if (BigInt(draw.stones_won) !== due) {
    log.fail(
      'draw.stones_won',
      due === 0n
        ? `draw.stones_won is ${draw.stones_won}, with draw.total 0 (no entrant) no stone is won`
        : `draw.stones_won is ${draw.stones_won}, a draw with entrants gives out all ${draw.stones} stones`,
    );
  }
}

function checkEntries(log: CheckLog, manifest: Manifest): void {
  const { draw } = manifest;
  const entries = manifest.batches.reduce((sum, b) => sum + BigInt(b.entries), 0n);
  if (entries.toString() !== draw.entries) log.fail('draw.entries', `the batches' entries add up to ${entries}, draw.entries is ${draw.entries}`);
  const total = BigInt(draw.entries);
  if (total > BigInt(manifest.users) * BigInt(draw.max_entries)) {
    log.fail('draw.entries', `${manifest.users} owners of at most ${draw.max_entries} entries each cannot hold ${draw.entries} entries`);
  }
  if (total === 0n && BigInt(draw.total) !== 0n) {
    log.fail('draw.entries', `no entries, but draw.total (W) is ${draw.total}`);
  }
}

/**
 * The draw section of the manifest: its terms against formula.json, its randomness recomputed
 * from the period and the beacon, the offset, the batches' intervals and stones won, and the
 * totals. What owners' entries and weights were stays private: the batch proofs bind them.
 */
export function checkDraw(log: CheckLog, manifest: Manifest, formula: Formula | undefined, poseidon: PoseidonHasher): void {
  checkDrawFormula(log, manifest, formula);
  const random = checkDrawRandom(log, manifest, poseidon);
  checkDrawOffset(log, manifest, random);
  checkDrawIntervals(log, manifest);
  checkBatchWins(log, manifest);
  checkStonesWon(log, manifest);
  checkEntries(log, manifest);
}
