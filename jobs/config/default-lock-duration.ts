/** BullMQ's default lock, and our default stalled-job check interval (no BullMQ import: the CLI's --help reads it). */
export const DEFAULT_LOCK_DURATION_MS = 30_000;
