// stones/awards: what the award engine reads of a published run (Node: it opens files).
export { readAwardRows } from './read-award-rows.js';
export { readRunAwards, type RunAwards } from './read-run-awards.js';
export { awardsHandoffOf } from '../publishing/awards-handoff-of.js';
export { type AwardRow, type AwardsHandoff, awardRowSchema, awardsHandoffSchema } from '../formats/index.js';
