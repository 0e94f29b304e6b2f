import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { DRAND_G1_DST, DRAND_SCHEME, drandRoundMessage, type DrandChain, type DrandRound } from '../../pipeline/drand/index.js';
import { sha256Bytes, sha256Hex } from '../../pipeline/hashing/sha256.js';

/**
 * Real rounds of drand's quicknet, as the network published them (their signatures verify
 * under its public key, which nobody outside the League of Entropy's threshold can forge).
 */
export const QUICKNET_ROUNDS: readonly DrandRound[] = [
  {
    round: 1000,
    randomness: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
    signature: 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
  },
  {
    round: 657413,
    randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
    signature: 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
  },
  {
    round: 10024141,
    randomness: '08622adf60800b20ad45b39792a6fe32cb4bf428925550921b01ac3843e714e6',
    signature: '8c87caf26bb4f5e9fdfad5ddf739ff8683344f8cf04a8c381225ff067557b5d9d51937eed765fcef21971bf5ddef44bb',
  },
];

/** A drand network of our own (a key generated from a seed), for rounds made up in tests. */
export interface LocalDrand {
  chain: DrandChain;
  secretKeyHex: string;
  round(round: number): DrandRound;
}

export function localDrand(options: { seed: string; genesisTime: number; period: number }): LocalDrand {
  const signatures = bls12_381.shortSignatures;
  // keygen takes exactly 48 seed bytes.
  const seed = new Uint8Array([...sha256Bytes(`${options.seed}/0`), ...sha256Bytes(`${options.seed}/1`)].slice(0, 48));
  const { secretKey, publicKey } = signatures.keygen(seed);
  const chain: DrandChain = {
    chain_hash: sha256Hex(`local drand ${options.seed}`),
    public_key: publicKey.toHex(),
    genesis_time: options.genesisTime,
    period: options.period,
    scheme: DRAND_SCHEME,
  };
  return {
    chain,
    secretKeyHex: bytesToHex(secretKey),
    round: (round) => signLocalRound(bytesToHex(secretKey), round),
  };
}

function signLocalRound(secretKeyHex: string, round: number): DrandRound {
  const signatures = bls12_381.shortSignatures;
  const signature = signatures.sign(signatures.hash(drandRoundMessage(round), DRAND_G1_DST), hexToBytes(secretKeyHex)).toHex();
  return { round, randomness: sha256Hex(hexToBytes(signature)), signature };
}
