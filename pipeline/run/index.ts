export { runPipeline, type RunPipelineOptions, type RunPipelineResult } from './run-pipeline.js';
export { periodOfLoads } from './period-of-loads.js';
