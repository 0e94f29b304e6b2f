import { DRAND_SCHEME, type DrandChain } from './drand-chain.js';

/**
 * drand networks whose parameters stones ships (from each network's `/info`): a formula that
 * names one of them by its chain hash must pin exactly these, so an operator cannot pin a key
 * of its own under a known network's name. A formula may pin another network; `stones verify`
 * then prints its key for the regulator to compare with the network's published one.
 */
export const KNOWN_DRAND_NETWORKS: Readonly<Record<string, DrandChain & { name: string }>> = {
  '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971': {
    name: 'quicknet',
    chain_hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    public_key:
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    genesis_time: 1692803367,
    period: 3,
    scheme: DRAND_SCHEME,
  },
};

/** How a pinned network differs from the known network of the same chain hash, or undefined when it does not (or is not known). */
export function knownNetworkMismatch(pinned: DrandChain): string | undefined {
  const known = KNOWN_DRAND_NETWORKS[pinned.chain_hash];
  if (known === undefined) return undefined;
  const differs = (['public_key', 'genesis_time', 'period', 'scheme'] as const).filter((key) => pinned[key] !== known[key]);
  if (differs.length === 0) return undefined;
  return `formula.json names drand's ${known.name} (chain ${pinned.chain_hash.slice(0, 12)}…) but pins another ${differs.join(', ')}: not ${known.name}'s`;
}
