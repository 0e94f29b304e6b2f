import type { SnarkjsCurve } from 'snarkjs';

/**
 * snarkjs (ffjavascript) keeps one multi-threaded bn128 instance in `globalThis.curve_bn128`;
 * its worker threads keep the process alive until it is terminated. A later snarkjs call builds
 * a new one.
 */
export async function releaseSnarkjsCurve(): Promise<void> {
  const holder = globalThis as { curve_bn128?: SnarkjsCurve | null };
  const curve = holder.curve_bn128;
  if (!curve) return;
  try {
    await curve.terminate();
  } catch (error) {
    // A curve built without worker threads (snarkjs's browser build in single-thread mode)
    // has none to stop, and its terminate() trips over that.
    if (!(error instanceof TypeError)) throw error;
  }
}
