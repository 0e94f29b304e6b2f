import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DB_OPTION } from './db-option.js';
import { FORMULA_OPTION } from './formula-option.js';
import { OUT_OPTION } from './out-option.js';
import { PREFIX_OPTION } from './prefix-option.js';
import { REDIS_OPTION } from './redis-option.js';

export const DEFAULT_CONFIG_FILE = 'stones.config.json';
const SHARED_OPTIONS = [DB_OPTION, FORMULA_OPTION, OUT_OPTION, REDIS_OPTION, PREFIX_OPTION] as const;

/**
 * Fills the shared options of the command about to run from the config file (`--config FILE`,
 * else STONES_CONFIG, else ./stones.config.json if it exists) wherever neither the command line
 * nor the environment gave them. zod loads only when there is a config file.
 */
export async function applyConfigFile(command: Command, configPath: string | undefined): Promise<void> {
  const path = configPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (path === undefined) return;
  const { readConfigFile } = await import('./read-config-file.js');
  const config = await readConfigFile(path);
  const known = new Set(command.options.map((option) => option.attributeName()));
  for (const shared of SHARED_OPTIONS) {
    const value = config[shared.key];
    if (value === undefined || !known.has(shared.key)) continue;
    const source = command.getOptionValueSource(shared.key);
    if (source === 'cli' || source === 'env') continue;
    command.setOptionValueWithSource(shared.key, value, 'config');
  }
}
