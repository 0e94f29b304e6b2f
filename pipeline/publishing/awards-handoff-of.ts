import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import { SCHEMA_VERSIONS, type AwardsFile, type AwardsHandoff } from '../formats/index.js';
import type { Manifest } from './manifest.js';

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function awardsFile(path: string): Promise<AwardsFile> {
  return { path, sha256: await sha256OfFile(path) };
}

/**
 * The hand-off of a published run folder (`<out>/<run_id>/`) to the award engine: run id and
 * period from `bundle/manifest.json`, the paths and SHA-256 of `awards.arrow` and
 * `awards.parquet`, and when they were written (the modification time of `awards.arrow`, so
 * the same folder always gives the same hand-off). Reads the folder, writes nothing.
 */
export async function awardsHandoffOf(runDir: string): Promise<AwardsHandoff> {
  const dir = resolve(runDir);
  let manifest: Pick<Manifest, 'run_id' | 'period'>;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'bundle', 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    throw new UsageError(`${dir} is not a published run folder (no readable bundle/manifest.json)`, { cause: error });
  }
  if (typeof manifest.run_id !== 'string' || typeof manifest.period !== 'string') {
    throw new UsageError(`${join(dir, 'bundle', 'manifest.json')} has no run_id or period`);
  }
  const arrowPath = join(dir, 'awards.arrow');
  const parquetPath = join(dir, 'awards.parquet');
  const [awardsArrow, awardsParquet, written] = await Promise.all([awardsFile(arrowPath), awardsFile(parquetPath), stat(arrowPath)]);
  return {
    schema_version: SCHEMA_VERSIONS.awards_handoff,
    award_row_schema_version: SCHEMA_VERSIONS.award_row,
    run_id: manifest.run_id,
    period: manifest.period,
    awards_arrow: awardsArrow,
    awards_parquet: awardsParquet,
    published_at: written.mtime.toISOString(),
  };
}
