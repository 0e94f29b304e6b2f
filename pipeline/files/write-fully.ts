import { writeSync } from 'node:fs';

/** writeSync may write less than asked (a full disk): loop, so a short write is never silent. */
export function writeFully(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}
