export { dbOption } from './db-option.js';
export { formulaOption } from './formula-option.js';
export { outOption } from './out-option.js';
export { redisOption } from './redis-option.js';
export { prefixOption } from './prefix-option.js';
export { jsonOption } from './json-option.js';
export { chainDirOption, keyOption, registryOption, rpcOption } from './chain-options.js';
