import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryArtifact, verifierArtifacts } from '../../pipeline/anchoring/index.js';
import { packageRoot } from '../../pipeline/db/index.js';
import { committedInstances, compileContracts } from '../../scripts/contracts/compile-contracts.js';

// The committed contracts/build/ is what stones deploys (no solc at run time): it must be what
// the lockfile's solc makes of contracts/StonesRegistry.sol and of the verifier snarkjs exports
// from each committed instance's zkey. After changing either, `npm run contracts` rewrites it.

describe('contracts/build', () => {
  it('is what solc compiles from the committed sources and ceremony keys, byte for byte', async () => {
    const { registry, verifiers } = await compileContracts();
    expect(registryArtifact()).toEqual(registry);
    expect(verifierArtifacts().map((v) => v.instance)).toEqual(committedInstances());
    for (const { artifact, source } of verifiers) {
      expect(
        verifierArtifacts().find((v) => v.instance === artifact.instance),
        artifact.instance,
      ).toEqual(artifact);
      expect(readFileSync(join(packageRoot(), 'contracts', 'verifiers', `${artifact.instance}.sol`), 'utf8')).toBe(source);
    }
  }, 120_000);
});
