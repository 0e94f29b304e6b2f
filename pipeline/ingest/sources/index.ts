export { stageSource } from './stage-source.js';
export { inputFormatOf, INPUT_EXTENSIONS } from './input-format.js';
export type { InputFormat, StagedSource } from './staged-source.js';
