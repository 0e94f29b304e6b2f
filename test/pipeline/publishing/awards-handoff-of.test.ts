import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awardsHandoffOf } from '../../../pipeline/publishing/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { SCHEMA_VERSIONS } from '../../../pipeline/formats/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-handoff-');
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('awardsHandoffOf', () => {
  it('names award rows of version 2, the draw columns added, in a hand-off of version 1', () => {
    expect(SCHEMA_VERSIONS.award_row).toBe(2);
    expect(SCHEMA_VERSIONS.awards_handoff).toBe(1);
  });

  it('reads run id and period from the manifest and hashes both award files', async () => {
    const runDir = join(tempDir(), '2026-10-abcdef012345');
    mkdirSync(join(runDir, 'bundle'), { recursive: true });
    writeFileSync(join(runDir, 'bundle', 'manifest.json'), JSON.stringify({ run_id: '2026-10-abcdef012345', period: '2026-10' }));
    writeFileSync(join(runDir, 'awards.arrow'), 'arrow bytes');
    writeFileSync(join(runDir, 'awards.parquet'), Buffer.alloc(200_000, 7));
    const handoff = await awardsHandoffOf(runDir);
    expect(handoff).toEqual({
      schema_version: SCHEMA_VERSIONS.awards_handoff,
      // v2 rows: the draw's crystals_spent, entries and draw_wins columns.
      award_row_schema_version: SCHEMA_VERSIONS.award_row,
      run_id: '2026-10-abcdef012345',
      period: '2026-10',
      awards_arrow: { path: join(runDir, 'awards.arrow'), sha256: sha256(join(runDir, 'awards.arrow')) },
      awards_parquet: { path: join(runDir, 'awards.parquet'), sha256: sha256(join(runDir, 'awards.parquet')) },
      published_at: statSync(join(runDir, 'awards.arrow')).mtime.toISOString(),
    });
    expect(await awardsHandoffOf(runDir)).toEqual(handoff); // the same folder, the same hand-off
  });

  it('refuses a folder that is not a published run', async () => {
    await expect(awardsHandoffOf(tempDir())).rejects.toThrow(UsageError);
  });
});
