import { open } from 'node:fs/promises';
import type { TripRecord } from './trip-record.js';

/** Lines are gathered into chunks of about this many characters before each write. */
const CHUNK_CHARS = 1 << 20;

/**
 * Streams trips to a text file, one line each, in bounded chunks: a million trips never
 * become one giant string. Returns the number of trips written.
 */
export async function writeTextLines(
  trips: Iterable<TripRecord>,
  path: string,
  header: string,
  line: (trip: TripRecord) => string,
): Promise<number> {
  const handle = await open(path, 'w');
  try {
    let chunk = header;
    let rows = 0;
    for (const trip of trips) {
      chunk += line(trip);
      rows += 1;
      if (chunk.length >= CHUNK_CHARS) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) await handle.write(chunk);
    return rows;
  } finally {
    await handle.close();
  }
}
