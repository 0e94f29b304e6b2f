export { commitBenchCommand } from './commit-bench-command.js';
export { featuresBenchCommand } from './features-bench-command.js';
export { ingestBenchCommand } from './ingest-bench-command.js';
export { jobsBenchCommand } from './jobs-bench-command.js';
export { noiseBenchCommand } from './noise-bench-command.js';
export { poseidonBenchCommand } from './poseidon-bench-command.js';
export { privacyBenchCommand } from './privacy-bench-command.js';
export { proveBenchCommand } from './prove-bench-command.js';
