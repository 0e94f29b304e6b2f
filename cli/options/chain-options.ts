import { Option } from 'commander';
import { DEFAULT_CHAIN_DIR } from '../../pipeline/anchoring/dev-chain.js';
import { CHAIN_KEY_ENV } from '../../pipeline/anchoring/sender-key.js';

/** `--rpc <url>` (env STONES_RPC_URL): an EVM node; without it, the local dev chain. */
export function rpcOption(description = 'JSON-RPC URL of an EVM node (default: the local dev chain, anvil, with its state in --chain-dir)'): Option {
  return new Option('--rpc <url>', description).env('STONES_RPC_URL');
}

/** `--registry <address>` (env STONES_REGISTRY). */
export function registryOption(): Option {
  return new Option('--registry <address>', 'the StonesRegistry contract (default: the one stones deployed on this chain, recorded in --chain-dir)').env(
    'STONES_REGISTRY',
  );
}

/** `--chain-dir <dir>`: the dev chain's state and the deployment records. */
export function chainDirOption(): Option {
  return new Option('--chain-dir <dir>', "the local dev chain's state and the registry deployments").default(DEFAULT_CHAIN_DIR);
}

/** `--key <file>`: the sender's private key (never the key itself on the command line). */
export function keyOption(): Option {
  return new Option('--key <file>', `file holding the sender's private key, mode 0600 (or set ${CHAIN_KEY_ENV}); the local dev chain needs none`);
}
