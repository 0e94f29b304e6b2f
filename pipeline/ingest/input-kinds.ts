import { CRYSTAL_INPUT_COLUMNS, REQUIRED_CRYSTAL_COLUMNS } from './crystal-columns.js';
import { OWNER_INPUT_COLUMNS } from './owner-columns.js';
import { normalizeColumnName, REQUIRED_TRIP_COLUMNS, TRIP_INPUT_COLUMNS } from './trip-columns.js';

/** What an input file holds: trips (usage records), owners (the enrolment list) or crystals (the app's ledger of crystal events). */
export type InputKind = 'trips' | 'owners' | 'crystals';

export const INPUT_KINDS: readonly InputKind[] = ['trips', 'owners', 'crystals'];

/** The columns ingest reads for one kind of file (names compare after normalizeColumnName). */
export interface InputSchema {
  readonly kind: InputKind;
  /** Every column read, in a fixed order; other columns are ignored and reported. */
  readonly columns: readonly string[];
  /** Without any of these the file has no recognisable header and is refused whole. */
  readonly required: readonly string[];
}

export const INPUT_SCHEMAS: Readonly<Record<InputKind, InputSchema>> = {
  trips: { kind: 'trips', columns: TRIP_INPUT_COLUMNS, required: REQUIRED_TRIP_COLUMNS },
  owners: { kind: 'owners', columns: OWNER_INPUT_COLUMNS, required: OWNER_INPUT_COLUMNS },
  crystals: { kind: 'crystals', columns: CRYSTAL_INPUT_COLUMNS, required: REQUIRED_CRYSTAL_COLUMNS },
};

/**
 * The kind of a file, from its columns alone (CSV header, JSONL keys, Parquet or Arrow
 * schema), never from its name: a file with an `enrolled_on` column and no `trip_id` is an
 * enrolment file; one with `event_id`, `kind` and `amount` and no `trip_id` is a crystal
 * event file; anything else is read as trips (and refused if it lacks their columns).
 */
export function inputKindOf(header: readonly string[]): InputKind {
  const names = new Set(header.map(normalizeColumnName));
  if (names.has('trip_id')) return 'trips';
  if (names.has('enrolled_on')) return 'owners';
  if (names.has('event_id') && names.has('kind') && names.has('amount')) return 'crystals';
  return 'trips';
}
