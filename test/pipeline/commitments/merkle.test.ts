import { beforeAll, describe, expect, it } from 'vitest';
import { buildTree, levelArities, merklePath, padToPowerOfTwo, rootFromPath } from '../../../pipeline/commitments/merkle/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { randomFields } from './random-fields.js';

let hasher: PoseidonHasher;
const random = randomFields(11);

beforeAll(async () => {
  hasher = await createPoseidon();
});

describe('padToPowerOfTwo', () => {
  it('pads with zeros (or the given value) up to the next power of two', () => {
    expect(padToPowerOfTwo([])).toEqual([0n]);
    expect(padToPowerOfTwo([5n])).toEqual([5n]);
    expect(padToPowerOfTwo([5n, 6n, 7n])).toEqual([5n, 6n, 7n, 0n]);
    expect(padToPowerOfTwo([1n, 2n, 3n, 4n, 5n], 9n)).toEqual([1n, 2n, 3n, 4n, 5n, 9n, 9n, 9n]);
    expect(padToPowerOfTwo(random(16))).toHaveLength(16);
  });
});

describe('tree shape', () => {
  it('hashes 16 children per level, then the remaining 2, 4 or 8 at once', () => {
    expect(levelArities(1)).toEqual([]);
    expect(levelArities(2)).toEqual([2]);
    expect(levelArities(8)).toEqual([8]);
    expect(levelArities(16)).toEqual([16]);
    expect(levelArities(32)).toEqual([16, 2]);
    expect(levelArities(256)).toEqual([16, 16]);
    expect(levelArities(1024)).toEqual([16, 16, 4]);
  });

  it('refuses leaf counts that are not powers of two', () => {
    for (const count of [0, 3, 12, 48]) expect(() => buildTree(hasher, random(count))).toThrow(RangeError);
  });
});

describe('buildTree, checked by hand against direct hasher calls', () => {
  it('a single leaf is its own root', () => {
    const [leaf] = random(1) as [bigint];
    const tree = buildTree(hasher, [leaf]);
    expect(tree.root).toBe(leaf);
    expect(tree.levels).toEqual([[leaf]]);
  });

  it('2, 4, 8 and 16 leaves: one hash of all of them', () => {
    for (const size of [2, 4, 8, 16]) {
      const leaves = random(size);
      const tree = buildTree(hasher, leaves);
      expect(tree.root).toBe(hasher.hash(leaves));
      expect(tree.levels).toEqual([leaves, [tree.root]]);
    }
  });

  it('32 leaves: Poseidon(Poseidon(l0..l15), Poseidon(l16..l31))', () => {
    const leaves = random(32);
    const left = hasher.hash(leaves.slice(0, 16));
    const right = hasher.hash(leaves.slice(16));
    const tree = buildTree(hasher, leaves);
    expect(tree.levels[1]).toEqual([left, right]);
    expect(tree.root).toBe(hasher.hash([left, right]));
  });

  it('128 leaves: 8 subtrees of 16, then one hash of 8', () => {
    const leaves = random(128);
    const subtrees = Array.from({ length: 8 }, (_, k) => hasher.hash(leaves.slice(16 * k, 16 * k + 16)));
    expect(buildTree(hasher, leaves).root).toBe(hasher.hash(subtrees));
  });

  it("does not keep a reference to the caller's leaves", () => {
    const leaves = random(4);
    const tree = buildTree(hasher, leaves);
    leaves[0] = 0n;
    expect(tree.levels[0]?.[0]).not.toBe(0n);
  });
});

describe('merkle paths', () => {
  it.each([1, 2, 4, 16, 32, 256])('every path of a random tree of %i leaves leads to its root', (size) => {
    const leaves = random(size);
    const tree = buildTree(hasher, leaves);
    leaves.forEach((leaf, index) => {
      const path = merklePath(tree, index);
      expect(path.index).toBe(index);
      expect(path.levels).toHaveLength(levelArities(size).length);
      expect(rootFromPath(hasher, leaf, path)).toBe(tree.root);
    });
  });

  it('gives siblings in order without the node itself', () => {
    const leaves = random(32);
    const tree = buildTree(hasher, leaves);
    const path = merklePath(tree, 21);
    expect(path.levels[0]).toEqual({ position: 5, siblings: [...leaves.slice(16, 21), ...leaves.slice(22, 32)] });
    expect(path.levels[1]).toEqual({ position: 1, siblings: [tree.levels[1]?.[0]] });
    expect(merklePath(buildTree(hasher, [7n]), 0)).toEqual({ index: 0, levels: [] });
  });

  it('a wrong leaf, sibling or position does not lead to the root', () => {
    const leaves = random(256);
    const tree = buildTree(hasher, leaves);
    const index = 37;
    const leaf = leaves[index] as bigint;
    const path = merklePath(tree, index);
    expect(rootFromPath(hasher, leaf + 1n, path)).not.toBe(tree.root);
    for (let level = 0; level < path.levels.length; level += 1) {
      const wrongSibling = structuredClone(path);
      const siblings = wrongSibling.levels[level]?.siblings as bigint[];
      siblings[3] = (siblings[3] as bigint) + 1n;
      expect(rootFromPath(hasher, leaf, wrongSibling)).not.toBe(tree.root);

      const wrongPosition = structuredClone(path);
      const at = wrongPosition.levels[level] as { position: number };
      at.position = (at.position + 1) % 16;
      expect(rootFromPath(hasher, leaf, wrongPosition)).not.toBe(tree.root);
    }
    const outside = structuredClone(path);
    (outside.levels[0] as { position: number }).position = 16;
    expect(() => rootFromPath(hasher, leaf, outside)).toThrow(RangeError);
  });

  it('refuses an index outside the leaves', () => {
    const tree = buildTree(hasher, random(4));
    expect(() => merklePath(tree, 4)).toThrow(RangeError);
    expect(() => merklePath(tree, -1)).toThrow(RangeError);
  });
});
