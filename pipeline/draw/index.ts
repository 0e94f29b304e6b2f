export { type DrawParameters, drawCount } from './draw-count.js';
export { drawEntries } from './draw-entries.js';
export { drawOdds, type Fraction, fractionToDecimal } from './draw-odds.js';
export { drawOffset, drawRandom } from './draw-offset.js';
export { type DrawOutcome, drawOutcomes } from './draw-outcomes.js';
export { drawTag } from './draw-tag.js';
export { type DrawBatch, drawBatches } from './draw-batches.js';
