import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsBuildDir } from '../pipeline/anchoring/contract-artifacts.js';
import { packageRoot } from '../pipeline/db/package-root.js';
import { compileContracts } from './contracts/compile-contracts.js';

// `npm run contracts`: compiles the registry and every committed instance's verifier and writes
// contracts/verifiers/<instance>.sol and contracts/build/ (committed: the product deploys from
// them without solc; test/contracts/ fails when they lag behind the sources).
const { registry, verifiers } = await compileContracts();
const build = contractsBuildDir();
mkdirSync(join(build, 'verifiers'), { recursive: true });
mkdirSync(join(packageRoot(), 'contracts', 'verifiers'), { recursive: true });
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(join(build, 'StonesRegistry.json'), json(registry));
process.stdout.write('contracts/build/StonesRegistry.json\n');
for (const { artifact, source } of verifiers) {
  writeFileSync(join(packageRoot(), 'contracts', 'verifiers', `${artifact.instance}.sol`), source);
  writeFileSync(join(build, 'verifiers', `${artifact.instance}.json`), json(artifact));
  process.stdout.write(`contracts/verifiers/${artifact.instance}.sol, contracts/build/verifiers/${artifact.instance}.json\n`);
}
