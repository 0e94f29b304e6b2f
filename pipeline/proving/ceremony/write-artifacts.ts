import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRecord } from './ceremony-types.js';
import { fileSha256 } from './file-sha256.js';

/** The files proving and verifying need, in `circuits/artifacts/<circuit>/`. */
export const ARTIFACT_FILES = {
  wasm: 'circuit.wasm',
  zkey: 'circuit.zkey',
  verificationKey: 'verification_key.json',
  r1csSha256: 'r1cs.sha256',
} as const;

export interface ArtifactsWritten {
  dir: string;
  wasm: FileRecord;
  zkey: FileRecord;
  verificationKey: FileRecord;
}

export async function writeArtifacts(options: {
  dir: string;
  circuit: string;
  wasmPath: string;
  zkeyPath: string;
  verificationKeyPath: string;
  r1csSha256: string;
}): Promise<ArtifactsWritten> {
  const { dir } = options;
  await mkdir(dir, { recursive: true });
  const put = async (from: string, name: string): Promise<FileRecord> => {
    const to = join(dir, name);
    await copyFile(from, to);
    return { file: name, bytes: (await stat(to)).size, sha256: await fileSha256(to) };
  };
  const wasm = await put(options.wasmPath, ARTIFACT_FILES.wasm);
  const zkey = await put(options.zkeyPath, ARTIFACT_FILES.zkey);
  const verificationKey = await put(options.verificationKeyPath, ARTIFACT_FILES.verificationKey);
  // sha256sum's format, so `sha256sum -c` can check a freshly compiled r1cs named like the circuit.
  await writeFile(join(dir, ARTIFACT_FILES.r1csSha256), `${options.r1csSha256}  ${options.circuit}.r1cs\n`);
  return { dir, wasm, zkey, verificationKey };
}
