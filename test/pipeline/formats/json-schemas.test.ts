import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILES, jsonSchemaOf } from '../../../pipeline/formats/index.js';
import { REPO_ROOT } from '../../support/cli.js';

const SCHEMAS_DIR = join(REPO_ROOT, 'schemas');

describe('schemas/ (the committed JSON Schemas)', () => {
  it('is exactly what the zod schemas of pipeline/formats generate now', () => {
    const files = Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[];
    expect(readdirSync(SCHEMAS_DIR).sort(), 'schemas/ holds one file per format and nothing else: run `npm run schemas`').toEqual([...files].sort());
    for (const file of files) {
      const committed = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')) as unknown;
      expect(committed, `schemas/${file} is not what pipeline/formats generates: run \`npm run schemas\` and commit schemas/`).toEqual(jsonSchemaOf(file));
    }
  });

  it('gives every schema a draft 2020-12 $schema and an $id named after its file', () => {
    for (const file of Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[]) {
      const schema = jsonSchemaOf(file);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://stones.example/schemas/${file}`);
    }
  });
});
