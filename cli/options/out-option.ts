import { sharedOption, type SharedOption } from './shared-option.js';

const DEFAULT_OUT_DIR = 'out';

export const OUT_OPTION: SharedOption = { key: 'out', flags: '--out <dir>', env: 'STONES_OUT', defaultValue: DEFAULT_OUT_DIR };

/** `--out <dir>` (env STONES_OUT, default ./out): where run folders are. */
export const outOption = (description = 'where run folders are written') => sharedOption(OUT_OPTION, description);
