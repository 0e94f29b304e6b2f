import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The needles found in a file's bytes (as latin1 text, so binary files are scanned too). */
export function needlesIn(path: string, needles: readonly string[]): string[] {
  const text = readFileSync(path).toString('latin1').toLowerCase();
  return needles.filter((needle) => text.includes(needle.toLowerCase()));
}
