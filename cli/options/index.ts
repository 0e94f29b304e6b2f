export { sharedOption, type SharedOption } from './shared-option.js';
export { dbOption, DB_OPTION } from './db-option.js';
export { formulaOption, FORMULA_OPTION, DEFAULT_FORMULA_PATH } from './formula-option.js';
export { outOption, OUT_OPTION, DEFAULT_OUT_DIR } from './out-option.js';
export { redisOption, REDIS_OPTION } from './redis-option.js';
export { prefixOption, PREFIX_OPTION } from './prefix-option.js';
export { jsonOption } from './json-option.js';
export { applyConfigFile, DEFAULT_CONFIG_FILE, SHARED_OPTIONS } from './apply-config-file.js';
