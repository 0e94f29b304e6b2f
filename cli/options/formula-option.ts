import { sharedOption, type SharedOption } from './shared-option.js';

const DEFAULT_FORMULA_PATH = 'formula.json';

export const FORMULA_OPTION: SharedOption = { key: 'formula', flags: '--formula <path>', env: 'STONES_FORMULA', defaultValue: DEFAULT_FORMULA_PATH };

/** `--formula <path>` (env STONES_FORMULA, default ./formula.json). */
export const formulaOption = (description = 'the published formula') => sharedOption(FORMULA_OPTION, description);
