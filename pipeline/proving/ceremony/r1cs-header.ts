import { readFile } from 'node:fs/promises';
import { ConfigError, UsageError } from '../../errors/index.js';

/** The counts in an iden3 .r1cs header (section 1), which decide the ceremony's power. */
export interface R1csHeader {
  prime: bigint;
  wires: number;
  publicOutputs: number;
  publicInputs: number;
  privateInputs: number;
  constraints: number;
}

const BN254_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Reads the header of an r1cs file; a missing or malformed file is the user's to fix. */
export async function readR1csHeader(path: string): Promise<{ header: R1csHeader; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `r1cs file not found: ${path}` : `cannot read r1cs file ${path}: ${code ?? String(error)}`, {
      cause: error,
    });
  }
  if (bytes.length < 12 || bytes.subarray(0, 4).toString('latin1') !== 'r1cs') throw new ConfigError(`${path} is not an r1cs file`);
  const sections = bytes.readUInt32LE(8);
  let offset = 12;
  for (let i = 0; i < sections; i++) {
    if (offset + 12 > bytes.length) break;
    const type = bytes.readUInt32LE(offset);
    const size = Number(bytes.readBigUInt64LE(offset + 4));
    const start = offset + 12;
    if (type === 1) {
      const n8 = bytes.readUInt32LE(start);
      let prime = 0n;
      for (let b = n8 - 1; b >= 0; b--) prime = (prime << 8n) | BigInt(bytes[start + 4 + b] ?? 0);
      const at = start + 4 + n8;
      const header: R1csHeader = {
        prime,
        wires: bytes.readUInt32LE(at),
        publicOutputs: bytes.readUInt32LE(at + 4),
        publicInputs: bytes.readUInt32LE(at + 8),
        privateInputs: bytes.readUInt32LE(at + 12),
        // at + 16: number of labels (u64)
        constraints: bytes.readUInt32LE(at + 24),
      };
      if (header.prime !== BN254_SCALAR_FIELD) throw new ConfigError(`${path} is not over the BN254 (bn128) scalar field`);
      return { header, bytes };
    }
    offset = start + size;
  }
  throw new ConfigError(`${path} has no r1cs header section`);
}
