import { epochDayFromIsoDate, isoDateOfEpochDay } from './civil-time.js';
import { enrolledOwnersByNumber } from './enrolment.js';
import { resolveGenerateOptions, type GenerateOptions } from './generate-options.js';
import { Prng } from './prng.js';

/** One row of a crystal event file, as ingest reads it. */
export interface CrystalRecord {
  event_id: string;
  user_id: string;
  /** ISO-8601 in UTC, `...Z`: the app's server clock. */
  at: string;
  kind: 'earned' | 'spent';
  amount: number;
  /** The draw a spend enters, 'YYYY-MM' (the month of the spend); null for an earning. */
  draw: string | null;
}

/** The column order of every written crystals format. */
export const CRYSTAL_COLUMNS = ['event_id', 'user_id', 'at', 'kind', 'amount', 'draw'] as const satisfies readonly (keyof CrystalRecord)[];

/** Enrolled owners who use the app at all; the others have no crystal event. */
const APP_USER_SHARE = 0.6;
/** An app user's daily chance of finishing a task, drawn per owner: some open the app daily, some rarely. */
const TASK_RATE_RANGE = [0.1, 0.8] as const;
/** The app's tasks and what each pays. */
const TASKS = [
  { weight: 50, crystals: 5 }, // daily check-in
  { weight: 25, crystals: 10 }, // safe-driving quiz
  { weight: 20, crystals: 20 }, // survey
  { weight: 5, crystals: 100 }, // a friend enrolled
] as const;
/** One entry to a draw costs this much; a spend buys one to MAX_ENTRIES entries, never more than the balance. */
const ENTRY_CRYSTALS = 25;
const MAX_ENTRIES = 4;
/** On a day the owner can afford an entry, the chance they spend. */
const SPEND_RATE = 0.2;
/**
 * Crystal draws come from streams of their own, ids 2 * 2^32 + 2n (+1 for `u<n>e`): the
 * trips' streams (n) and the enrolment's (2^32 + n) are untouched, so adding crystals changes
 * no byte of the trips or owners files.
 */
const CRYSTAL_STREAM_BASE = 2 * 2 ** 32;
const SECONDS_PER_DAY = 86_400;

function isoSecond(epochDay: number, second: number): string {
  const time = new Date((epochDay * SECONDS_PER_DAY + second) * 1000).toISOString();
  return `${time.slice(0, 19)}Z`;
}

/**
 * The crystal ledger of a generated population (`stones generate` writes it as
 * NAME.crystals.EXT). About 60% of enrolled owners use the app; from the later of the window's
 * first day and their enrolment day, each day an app user may finish a task in the morning or
 * afternoon (UTC 07:00 to 15:00, earning 5, 10, 20 or 100 crystals) and, once they can afford
 * an entry (25 crystals), may spend in the evening (15:00 to 23:00) on one to four entries to
 * the draw of that month, never more than their balance: the generated ledger is never
 * overdrawn, in (at, event_id) order as ingest judges it. Rows come owner by owner, each from
 * its own stream, so `--users 100` is the first rows of `--users 1000`.
 */
export function* generateCrystals(options: GenerateOptions): Generator<CrystalRecord> {
  const resolved = resolveGenerateOptions(options);
  for (const { userNumber, slot, owner } of enrolledOwnersByNumber(resolved)) {
    const rng = Prng.forStream(resolved.seed, CRYSTAL_STREAM_BASE + 2 * userNumber + slot);
    if (!rng.chance(APP_USER_SHARE)) continue;
    const taskRate = rng.uniform(TASK_RATE_RANGE[0], TASK_RATE_RANGE[1]);
    const enrolledDay = epochDayFromIsoDate(owner.enrolled_on) as number;
    let balance = 0;
    let sequence = 0;
    const eventId = () => `${owner.user_id}-c${String(++sequence).padStart(4, '0')}`;
    for (let day = Math.max(resolved.startEpochDay, enrolledDay); day < resolved.startEpochDay + resolved.days; day++) {
      if (rng.chance(taskRate)) {
        const amount = rng.pickWeighted(TASKS).crystals;
        balance += amount;
        yield { event_id: eventId(), user_id: owner.user_id, at: isoSecond(day, rng.integer(7 * 3600, 15 * 3600 - 1)), kind: 'earned', amount, draw: null };
      }
      if (balance >= ENTRY_CRYSTALS && rng.chance(SPEND_RATE)) {
        const entries = rng.integer(1, Math.min(MAX_ENTRIES, Math.floor(balance / ENTRY_CRYSTALS)));
        const amount = entries * ENTRY_CRYSTALS;
        balance -= amount;
        const draw = isoDateOfEpochDay(day).slice(0, 7);
        yield { event_id: eventId(), user_id: owner.user_id, at: isoSecond(day, rng.integer(15 * 3600, 23 * 3600 - 1)), kind: 'spent', amount, draw };
      }
    }
  }
}
