import type { DuckDBConnection } from '@duckdb/node-api';
import type { AnchorStageOptions } from '../anchoring/anchor-stage.js';
import type { Formula } from '../scoring/formula.js';
import type { Beacon } from '../scoring/score-run.js';

/** What a beacon source is told about the run it draws for. */
export interface BeaconRequest {
  runId: string;
  /** The data root the beacon must come after. */
  dataRoot: bigint;
  period: string;
  /** The run's formula (a drand network pinned in it says where the beacon comes from). */
  formula: Formula;
  /** The run's database: a drand source records there where the data root was anchored. */
  connection: DuckDBConnection;
  /** Where the run anchors its record, when it does (a drand beacon needs the data root anchored first). */
  anchor?: AnchorStageOptions;
}

/**
 * Where a run's beacon comes from when none is given: public randomness fixed after the data
 * root was recorded (a drand round). Asked once per run, after the commit and before the score;
 * a run's beacon is recorded then and never asked for again.
 */
export type BeaconSource = (request: BeaconRequest) => Promise<Beacon>;
