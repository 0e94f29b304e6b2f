import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Writes one JSON value per line, honouring back-pressure so a million lines stay small in memory. */
export async function writeJsonLines(path: string, values: Iterable<unknown>): Promise<number> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let count = 0;
  for (const value of values) {
    if (!stream.write(`${JSON.stringify(value)}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    count += 1;
  }
  stream.end();
  await finished(stream);
  return count;
}
