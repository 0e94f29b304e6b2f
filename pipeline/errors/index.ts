export { StonesError } from './stones-error.js';
export { UsageError } from './usage-error.js';
export { InputFileError, type InputFileErrorCode } from './input-file-error.js';
export { ConfigError } from './config-error.js';
export { PrivacyBudgetError } from './privacy-budget-error.js';
export { OutputError } from './output-error.js';
export { BeaconError } from './beacon-error.js';
export { PeriodOpenError } from './period-open-error.js';
