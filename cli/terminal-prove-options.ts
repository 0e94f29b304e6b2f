import type { RunProveOptions } from '../pipeline/run/index.js';
import { progressBar } from './progress-bar.js';
import type { TerminalProgress } from './terminal-progress.js';

/** The prove options of `stones run` and `stones run --resume`: none with --no-prove, else a progress bar on the terminal. */
export function terminalProveOptions(
  options: { prove: boolean; artifacts?: string; threads?: number },
  display: TerminalProgress,
): RunProveOptions | undefined {
  if (!options.prove) return undefined;
  return {
    artifactsDir: options.artifacts,
    threads: options.threads,
    onProof: ({ proved, batches }) => {
      if (proved === 1) display.start('proving');
      display.update(progressBar(proved, batches, 'batches proved'));
    },
  };
}
