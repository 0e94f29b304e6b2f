/**
 * The input schema of crystal event files: the app's ledger of crystals earned and spent.
 * `draw` is optional as a column (a file of earnings alone may leave it out) but required on
 * every `spent` row, which the checks enforce row by row.
 */
export const REQUIRED_CRYSTAL_COLUMNS = ['event_id', 'user_id', 'at', 'kind', 'amount'] as const;
export const CRYSTAL_INPUT_COLUMNS = [...REQUIRED_CRYSTAL_COLUMNS, 'draw'] as const;

/** The largest amount one event may carry: it fits a 32-bit signed integer, so no sum over a realistic ledger nears 2^53. */
export const MAX_CRYSTAL_AMOUNT = 2 ** 31 - 1;
