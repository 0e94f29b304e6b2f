import { describe, expect, it } from 'vitest';
import { FormatError, parseVersioned, SCHEMA_VERSIONS, safeParseVersioned } from '../../../pipeline/formats/index.js';

const line = {
  schema_version: SCHEMA_VERSIONS.awards_line,
  user_tag: `0x${'0'.repeat(63)}7`,
  noisy_score: '1140',
  award: '12',
  draw_wins: '1',
  batch: 0,
  leaf: 3,
};
const M = SCHEMA_VERSIONS.manifest;

describe('parseVersioned', () => {
  it('reads a document of the version this stones writes', () => {
    expect(parseVersioned('awards_line', line)).toEqual(line);
  });

  it('refuses a newer schema_version in one line naming both versions, before looking at any field', () => {
    // Fields a newer version might have renamed are not listed: only the version is.
    const newer = { schema_version: M + 1, renamed: true };
    const problems = [`manifest.json has schema_version ${M + 1}, this stones reads schema_version ${M}: upgrade stones to verify it`];
    expect(safeParseVersioned('manifest', newer)).toEqual({ ok: false, version: 'newer', problems });
    expect(() => parseVersioned('manifest', newer)).toThrow(new FormatError('manifest', { version: 'newer', problems }));
  });

  it('refuses an older schema_version in one line, before looking at any field (manifest v1 had no draw)', () => {
    expect(M).toBeGreaterThan(1);
    expect(safeParseVersioned('manifest', { schema_version: M - 1, batches: [] })).toEqual({
      ok: false,
      version: 'older',
      problems: [
        `manifest.json has schema_version ${M - 1}, this stones reads schema_version ${M}: written by an older stones; publish the run again with this stones, or check it with the stones that wrote it`,
      ],
    });
    const { draw_wins: _, ...v1 } = line;
    const parsed = safeParseVersioned('awards_line', { ...v1, schema_version: SCHEMA_VERSIONS.awards_line - 1 });
    expect(parsed.ok ? undefined : parsed.version).toBe('older');
    expect(parsed.ok ? [] : parsed.problems).toHaveLength(1);
  });

  it('requires the draw fields of the current versions: draw_wins on an awards line', () => {
    const { draw_wins: _, ...withoutWins } = line;
    const parsed = safeParseVersioned('awards_line', withoutWins);
    expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^draw_wins: /)]);
    const tooMany = safeParseVersioned('awards_line', { ...line, draw_wins: (1n << 32n).toString() });
    expect(tooMany.ok ? [] : tooMany.problems).toEqual([expect.stringMatching(/^draw_wins: .*below 2\^32/)]);
  });

  it('refuses a document without schema_version as written before formats were versioned', () => {
    const { schema_version: _, ...old } = line;
    const parsed = safeParseVersioned('awards_line', old);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.version).toBe('missing');
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      expect.stringMatching(/^awards\.jsonl has no schema_version: written by stones before formats were versioned; /),
    ]);
  });

  it('refuses a schema_version that is not a positive integer, and a value that is not an object', () => {
    for (const version of [0, 1.5, '1', null]) {
      const parsed = safeParseVersioned('receipt', { schema_version: version });
      expect(parsed.ok ? undefined : parsed.version, String(version)).toBe('invalid');
    }
    expect(safeParseVersioned('stats', [1])).toEqual({ ok: false, problems: ['stats.json is not a JSON object'] });
  });

  it('lists each schema problem of a current-version document by field path', () => {
    const parsed = safeParseVersioned('awards_line', { ...line, award: '-1', extra: 1 });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^award: /), expect.stringMatching(/extra/)]);
  });
});
