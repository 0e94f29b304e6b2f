import type { AnchorStageOptions } from '../pipeline/anchoring/anchor-stage.js';

/**
 * The anchor stage a run asks for: `--anchor` (the local dev chain) or `--rpc URL` (that node,
 * also from STONES_RPC_URL, so a coordinator configured with an RPC URL anchors every run).
 */
export function anchorOptions(options: { anchor?: boolean; rpc?: string; key?: string; registry?: string; chainDir?: string }): {
  anchor?: AnchorStageOptions;
} {
  if (!options.anchor && options.rpc === undefined) return {};
  return {
    anchor: {
      ...(options.rpc === undefined ? {} : { rpcUrl: options.rpc }),
      ...(options.key === undefined ? {} : { keyFile: options.key }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
      ...(options.chainDir === undefined ? {} : { chainDir: options.chainDir }),
    },
  };
}
