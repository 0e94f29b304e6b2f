import type { AwardRow, AwardsHandoff } from '../formats/index.js';
import { awardsHandoffOf } from '../publishing/awards-handoff-of.js';
import { readAwardRows } from './read-award-rows.js';

export interface RunAwards {
  handoff: AwardsHandoff;
  rows: AwardRow[];
}

/** A published run folder (`<out>/<run_id>/`) as the award engine takes it: its hand-off, and the award rows it points at. */
export async function readRunAwards(runDir: string): Promise<RunAwards> {
  const handoff = await awardsHandoffOf(runDir);
  const rows = await readAwardRows(handoff.awards_arrow.path, handoff.awards_arrow.sha256);
  return { handoff, rows };
}
