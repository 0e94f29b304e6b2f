import { readFileSync, statSync } from 'node:fs';
import type { Hex } from 'viem';
import { UsageError } from '../errors/index.js';

/** The environment variable that may hold the sender's private key instead of a file. */
export const CHAIN_KEY_ENV = 'STONES_CHAIN_KEY';

/**
 * Account 0 of anvil's built-in test mnemonic: published by Foundry for every dev chain, so it
 * is only ever used on the local dev chain stones starts itself, never with --rpc.
 */
export const DEV_CHAIN_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const KEY_PATTERN = /^(0x)?[0-9a-fA-F]{64}$/;

/** The order of secp256k1's group: a private key is a number from 1 to this minus 1. */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function keyFrom(text: string, where: string): Hex {
  const key = text.trim();
  // Never echo the text: it may be a key with one character wrong.
  if (!KEY_PATTERN.test(key)) throw new UsageError(`${where} does not hold a private key (64 hex digits, with or without 0x)`);
  const hex = (key.startsWith('0x') ? key.toLowerCase() : `0x${key.toLowerCase()}`) as Hex;
  const value = BigInt(hex);
  if (value === 0n || value >= SECP256K1_ORDER)
    throw new UsageError(`${where} does not hold a valid private key (it must be from 1 to the secp256k1 group order minus 1)`);
  return hex;
}

/**
 * The sender's private key: from `keyFile` (which only its owner may read: mode 0600 or
 * stricter, refused otherwise), else from STONES_CHAIN_KEY, else undefined. Never from the
 * command line, where other users of the machine see it in the process list.
 */
export function readSenderKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Hex | undefined {
  if (keyFile !== undefined) {
    let mode: number;
    try {
      mode = statSync(keyFile).mode;
    } catch (error) {
      throw new UsageError(`cannot read the key file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if ((mode & 0o077) !== 0) {
      throw new UsageError(`the key file ${keyFile} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 ${keyFile}`);
    }
    return keyFrom(readFileSync(keyFile, 'utf8'), `the key file ${keyFile}`);
  }
  const fromEnv = env[CHAIN_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return keyFrom(fromEnv, CHAIN_KEY_ENV);
  return undefined;
}
