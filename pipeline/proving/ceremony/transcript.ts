import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CeremonyTranscript } from './ceremony-types.js';

/** Writes `circuits/ceremony/<circuit>.json`: every step, who, when, its hash, and the results. */
export async function writeTranscript(path: string, transcript: CeremonyTranscript): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(transcript, null, 2)}\n`);
}
