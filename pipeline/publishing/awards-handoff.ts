// The hand-off's shape is its schema's (pipeline/formats/awards-handoff.ts).
export type { AwardsHandoff } from '../formats/index.js';
