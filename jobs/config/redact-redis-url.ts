/**
 * A Redis URL fit to print: the password (and a username's secret part) replaced by `***`.
 * `redis://:s3cret@host:6379/0` -> `redis://:***@host:6379/0`. Anything that does not parse
 * as a URL is not printed at all, since it might be a password typed in the wrong place.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparseable Redis URL>';
  }
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
