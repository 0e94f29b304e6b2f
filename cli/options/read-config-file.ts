import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../pipeline/errors/index.js';
import { configFileSchema, type ConfigFile } from './config-file-schema.js';

/** Reads and checks a stones.config.json; every problem is one ConfigError line naming the file (and the key). */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = configFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new ConfigError(
      `${path}: unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: db, formula, out, redis, prefix)`,
    );
  }
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
  throw new ConfigError(`${path}: ${where}${issue?.message ?? 'invalid'}`);
}
