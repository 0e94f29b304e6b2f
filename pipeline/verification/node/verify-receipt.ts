import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address } from 'viem';
import type { ChainConnection } from '../../anchoring/chain-connection.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { InputFileError } from '../../errors/index.js';
import { parseVersioned, type Manifest } from '../../formats/index.js';
import { checkAnchor } from '../anchor/index.js';
import { type ReceiptVerification, verifyReceiptFiles } from '../verify-receipt-files.js';
import { directoryBundleSource } from './directory-bundle-source.js';

/**
 * `stones verify-receipt`: a receipt file against a bundle folder, and with `anchor` (--rpc)
 * the bundle's roots and the owner's batch against the run's record on the chain.
 */
export async function verifyReceipt(
  bundleDir: string,
  receiptPath: string,
  hasher: PoseidonHasher,
  options: {
    /** --rpc: the owner's batch and the bundle's roots against the run's record on this chain's registry. */
    anchor?: { connection: ChainConnection; registry: Address };
    /** Accept the demo beacon (or one given by hand) instead of failing on it. */
    allowDemoBeacon?: boolean;
  } = {},
): Promise<ReceiptVerification> {
  const { anchor } = options;
  let text: string;
  try {
    text = await readFile(receiptPath, 'utf8');
  } catch (error) {
    throw new InputFileError('input_not_found', receiptPath, 'cannot read this file', { cause: error });
  }
  let receipt: unknown;
  try {
    receipt = JSON.parse(text);
  } catch (error) {
    throw new InputFileError('input_unreadable', receiptPath, `not JSON (${(error as Error).message})`, { cause: error });
  }
  const verified = await verifyReceiptFiles(directoryBundleSource(bundleDir), receipt, hasher, { allowDemoBeacon: options.allowDemoBeacon ?? false });
  // A receipt that could not be read against the bundle has nothing to follow onto the chain.
  if (anchor === undefined || verified.receipt === undefined) return verified;
  let manifest: Manifest;
  try {
    manifest = parseVersioned('manifest', JSON.parse(await readFile(join(bundleDir, 'manifest.json'), 'utf8'))) as Manifest;
  } catch {
    return verified; // the receipt checks have already said what is wrong with the manifest
  }
  // Every anchor check of the bundle: the roots the receipt leads to are on chain, under the shipped contracts, and every batch (the owner's too) verified there.
  const chain = await checkAnchor({ manifest, poseidon: hasher, ...anchor });
  const failures = chain.checks.flatMap((check) =>
    check.status === 'failed'
      ? check.failures.map((line) => `chain: ${check.name}: ${line}`)
      : check.status === 'skipped'
        ? [`chain: ${check.name}: ${check.skippedBecause}`]
        : [],
  );
  return { ...verified, failures: [...verified.failures, ...failures] };
}
