/**
 * Writes `value` as the one JSON document of a `--json` command: bigints as decimal strings,
 * Dates as ISO strings, two-space indented, one trailing newline.
 */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}
