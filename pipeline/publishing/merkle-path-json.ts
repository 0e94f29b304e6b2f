import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import type { MerklePath } from '../commitments/merkle/merkle-path.js';

/** A Merkle path as published: sibling hashes as 0x-hex field elements. */
export interface MerklePathJson {
  index: number;
  levels: { position: number; siblings: string[] }[];
}

export function merklePathToJson(path: MerklePath): MerklePathJson {
  return { index: path.index, levels: path.levels.map((l) => ({ position: l.position, siblings: l.siblings.map(fieldToHex) })) };
}

export function merklePathFromJson(json: MerklePathJson): MerklePath {
  return { index: json.index, levels: json.levels.map((l) => ({ position: l.position, siblings: l.siblings.map(fieldFromHex) })) };
}
