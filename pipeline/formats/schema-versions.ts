/**
 * The schema_version this stones writes, and the newest it reads, of each published format.
 * One table so a bump is one line here plus its schema, and readers and writers cannot drift.
 */
export const SCHEMA_VERSIONS = {
  manifest: 4,
  stats: 1,
  awards_line: 2,
  proof: 1,
  receipt: 2,
  awards_handoff: 1,
  award_row: 2,
  anchor: 1,
} as const;

export type FormatKind = keyof typeof SCHEMA_VERSIONS;

/** How messages name a document of each format (the file a user has in hand). */
export const FORMAT_NAMES: Record<FormatKind, string> = {
  manifest: 'manifest.json',
  stats: 'stats.json',
  awards_line: 'awards.jsonl',
  proof: 'proof file',
  receipt: 'receipt',
  awards_handoff: 'awards-ready hand-off',
  award_row: 'award row',
  anchor: 'anchor.json',
};
