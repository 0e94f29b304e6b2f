import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_FILES, jsonSchemaOf } from '../pipeline/formats/index.js';

// `npm run schemas`: writes schemas/*.schema.json from the zod schemas of pipeline/formats.
// The files are committed so a reader without stones (another language, a browser) has them;
// test/pipeline/formats/json-schemas.test.ts fails when they lag behind the zod schemas.
// Run from dist/scripts/, so the repository is two folders up.
const dir = fileURLToPath(new URL('../../schemas/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const file of Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[]) {
  writeFileSync(`${dir}${file}`, `${JSON.stringify(jsonSchemaOf(file), null, 2)}\n`);
  process.stdout.write(`schemas/${file}\n`);
}
