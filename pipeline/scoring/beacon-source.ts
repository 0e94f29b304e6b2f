import type { Beacon } from './score-run.js';

/** What a beacon source is told about the run it draws for (all public once the run is published). */
interface BeaconRequest {
  runId: string;
  /** The data root the beacon must come after. */
  dataRoot: bigint;
  period: string;
}

/**
 * Where a run's beacon comes from when none is given: public randomness fixed after the data
 * root was recorded (a drand round, a block hash). Asked once per run, after the commit and
 * before the score; a run's beacon is recorded then and never asked for again.
 */
export type BeaconSource = (request: BeaconRequest) => Promise<Beacon>;
