import { Option } from 'commander';

/**
 * One option many commands share, declared once: its flag, environment variable, built-in
 * default, and its key in stones.config.json. Precedence: command-line flag > environment >
 * config file > built-in default (the config file is applied by applyConfigFile).
 */
export interface SharedOption {
  /** The attribute commander stores it under, and the key in stones.config.json. */
  readonly key: 'db' | 'formula' | 'out' | 'redis' | 'prefix';
  readonly flags: string;
  readonly env: string;
  readonly defaultValue?: string;
  /** Shown in --help when the default is not a plain value. */
  readonly defaultDescription?: string;
}

/** The commander Option of a shared option, with `description` as this command words it. */
export function sharedOption(shared: SharedOption, description: string): Option {
  const option = new Option(shared.flags, description).env(shared.env);
  if (shared.defaultValue !== undefined) option.default(shared.defaultValue, shared.defaultDescription);
  return option;
}
