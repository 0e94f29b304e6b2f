import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import type { MerklePath } from '../commitments/merkle/merkle-path.js';

import type { MerklePathJson } from '../formats/index.js';

export type { MerklePathJson } from '../formats/index.js';

export function merklePathToJson(path: MerklePath): MerklePathJson {
  return { index: path.index, levels: path.levels.map((l) => ({ position: l.position, siblings: l.siblings.map(fieldToHex) })) };
}

export function merklePathFromJson(json: MerklePathJson): MerklePath {
  return { index: json.index, levels: json.levels.map((l) => ({ position: l.position, siblings: l.siblings.map(fieldFromHex) })) };
}
