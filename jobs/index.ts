/**
 * The job layer: BullMQ queues and Job Schedulers over the same stage functions as the
 * embedded runner. No domain logic lives here, and nothing in `pipeline/` (but the CLI, the
 * composition root) imports from here.
 */
export * from './classes/index.js';
export * from './interfaces/index.js';
export * from './config/index.js';
