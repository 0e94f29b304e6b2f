import { readFile } from 'node:fs/promises';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { InputFileError } from '../../errors/index.js';
import { type ReceiptVerification, verifyReceiptFiles } from '../verify-receipt-files.js';
import { directoryBundleSource } from './directory-bundle-source.js';

/** `stones verify-receipt`: a receipt file against a bundle folder. */
export async function verifyReceipt(bundleDir: string, receiptPath: string, hasher: PoseidonHasher): Promise<ReceiptVerification> {
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
  return verifyReceiptFiles(directoryBundleSource(bundleDir), receipt, hasher);
}
