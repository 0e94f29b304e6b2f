import { epochDayFromIsoDate, isoDateOfEpochDay } from './civil-time.js';
import { resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './generate-options.js';
import { ownerFor } from './owners.js';
import { Prng } from './prng.js';
import { padNumber } from './vehicles.js';

/** One row of an enrolment (owners) file, as ingest reads it. */
export interface OwnerRecord {
  user_id: string;
  /** 'YYYY-MM-DD': the day the owner enrolled in the programme. */
  enrolled_on: string;
}

/** The column order of every written owners format. */
export const OWNER_COLUMNS = ['user_id', 'enrolled_on'] as const satisfies readonly (keyof OwnerRecord)[];

/** Drivers whose trips are in the file but who never enrolled. */
const NOT_ENROLLED_SHARE = 0.03;
/** Per owner number, the chance of one more enrolled owner who has no trip in the window. */
const NO_TRIPS_OWNER_SHARE = 0.03;
/** ... of whom this share enrolled during the window (waiting for their car), the rest before it. */
const NO_TRIPS_ENROLLED_IN_WINDOW_SHARE = 0.25;
/** Owners who joined before the window enrolled up to this many days before it. */
const ENROLMENT_HISTORY_DAYS = 730;
/** New owners enrol when they order the car: one to this many days before they pick it up. */
const MAX_DAYS_ENROLLED_BEFORE_PICKUP = 7;
/** The earliest date ingest accepts (ENROLLED_ON_RANGE in pipeline/ingest/owner-columns.ts). */
const FIRST_ENROLMENT_DAY = epochDayFromIsoDate('2000-01-01') as number;
/**
 * Enrolment draws come from streams of their own, ids 2^32 + user number: the owners' trip
 * streams (ids = user number) are untouched, so the trips of a seed are the same bytes
 * whether or not the owners file is written.
 */
const ENROLMENT_STREAM_BASE = 2 ** 32;

/** What the enrolment file says about one owner number. */
interface OwnerEnrolment {
  /** The driver `u<n>` (the user_id of their trips), or null for a driver who never enrolled. */
  readonly driver: OwnerRecord | null;
  /** An enrolled owner with no trip at all, `u<n>e`, or null (most owner numbers have none). */
  readonly withoutTrips: OwnerRecord | null;
}

/**
 * The enrolment file of a generated population (`stones generate` writes it next to the
 * trips, as NAME.owners.EXT). The rules, per owner number n (1 ... users), in this order:
 *
 * - About 3% of drivers never enrolled: their trips are in the trips file, they are not here.
 * - The others enrol before their first trip: an owner who joined before the window (join
 *   day 0, see owners.ts) enrolled 1 to 730 days before its first day, skewed to recent
 *   dates (the fleet grows); a new owner, whose first trip is the pickup on its join day,
 *   enrolled 1 to 7 days before that day (when ordering the car). At least a day before, so
 *   enrolled_on is on or before the first trip's date in every time zone, not only the
 *   owner's own.
 * - About 3% of owner numbers are followed by an enrolled owner with no trip at all, id
 *   `u<n>e` (no trip has it): a quarter enrolled during the window (still waiting for the
 *   car), the rest before it, as above.
 * - No date is before 2000-01-01, the earliest ingest accepts (a window starting in 2000 or
 *   2001 clamps some to that day).
 *
 * Rows come in owner-number order and each owner number draws from a stream of its own, so
 * the same options give the same file and `--users 100` is exactly the first rows of
 * `--users 1000` (up to the rows of owner 100).
 */
export function generateOwners(options: GenerateOptions): Generator<OwnerRecord> {
  return ownersOfAllNumbers(resolveGenerateOptions(options));
}

function* ownersOfAllNumbers(options: ResolvedGenerateOptions): Generator<OwnerRecord> {
  for (const { owner } of enrolledOwnersByNumber(options)) yield owner;
}

/**
 * The rows of generateOwners with the owner number each belongs to (the driver `u<n>` first,
 * then `u<n>e`), for generators that give every enrolled owner a random stream of its own.
 */
export function* enrolledOwnersByNumber(options: ResolvedGenerateOptions): Generator<{ userNumber: number; slot: 0 | 1; owner: OwnerRecord }> {
  for (let userNumber = 1; userNumber <= options.users; userNumber++) {
    const { driver, withoutTrips } = enrolmentOf(options, userNumber);
    if (driver) yield { userNumber, slot: 0, owner: driver };
    if (withoutTrips) yield { userNumber, slot: 1, owner: withoutTrips };
  }
}

/** The enrolment rows of one owner number (see generateOwners for the rules). */
function enrolmentOf(options: ResolvedGenerateOptions, userNumber: number): OwnerEnrolment {
  const { owner } = ownerFor(options.seed, userNumber, options.days);
  const rng = Prng.forStream(options.seed, ENROLMENT_STREAM_BASE + userNumber);
  const enrolled = !rng.chance(NOT_ENROLLED_SHARE);
  const driverDay = owner.joinDay > 0 ? options.startEpochDay + owner.joinDay - rng.integer(1, MAX_DAYS_ENROLLED_BEFORE_PICKUP) : dayBeforeWindow(options, rng);
  const hasOwnerWithoutTrips = rng.chance(NO_TRIPS_OWNER_SHARE);
  const withoutTripsDay =
    options.days > 1 && rng.chance(NO_TRIPS_ENROLLED_IN_WINDOW_SHARE)
      ? options.startEpochDay + rng.integer(1, options.days - 1)
      : dayBeforeWindow(options, rng);
  return {
    driver: enrolled ? { user_id: owner.userId, enrolled_on: enrolmentDate(driverDay) } : null,
    withoutTrips: hasOwnerWithoutTrips ? { user_id: `u${padNumber(userNumber)}e`, enrolled_on: enrolmentDate(withoutTripsDay) } : null,
  };
}

/** 1 to ENROLMENT_HISTORY_DAYS days before the window, most of them recent. */
function dayBeforeWindow(options: ResolvedGenerateOptions, rng: Prng): number {
  return options.startEpochDay - 1 - Math.floor(rng.skewed(0, ENROLMENT_HISTORY_DAYS));
}

function enrolmentDate(epochDay: number): string {
  return isoDateOfEpochDay(Math.max(FIRST_ENROLMENT_DAY, epochDay));
}

/** The epoch day of an owner record's date (for typed Parquet and Arrow columns). */
export function enrolledEpochDay(record: OwnerRecord): number {
  const day = epochDayFromIsoDate(record.enrolled_on);
  if (day === undefined) throw new Error(`generated enrolment date "${record.enrolled_on}" is not a date`);
  return day;
}
