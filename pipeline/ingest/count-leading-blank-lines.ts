import { open } from 'node:fs/promises';

const PROBE_BYTES = 64 * 1024;

/**
 * How many blank lines come before the first text of a file: readers skip them, so the
 * header of a CSV is not always line 1. Reads only the file's first bytes.
 */
export async function countLeadingBlankLines(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(PROBE_BYTES), 0, PROBE_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('latin1');
    const match = /^(?:\r?\n)*/.exec(head);
    return (match?.[0].match(/\n/g) ?? []).length;
  } finally {
    await handle.close();
  }
}
