export type { JobsConnection } from './jobs-connection.js';
export type { NightlyRunData, NightlyRunResult, NightlyRunProgress } from './nightly-run-data.js';
export type { NightlySchedule, NightlyScheduleOptions } from './nightly-schedule.js';
export type { ProveBatchData, ProveBatchResult } from './prove-batch-data.js';
export type { SealedWitness, WitnessContext, WitnessInput } from './sealed-witness.js';
export type { FinalizeData, FinalizeResult } from './finalize-data.js';
export type { RunFlowPlan, AddedRunFlow } from './run-flow-plan.js';
export type { AwardsReadyData, AwardsReadyPublished } from './awards-ready-data.js';
