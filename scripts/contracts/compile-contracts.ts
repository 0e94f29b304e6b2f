import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';
import type { Abi, Hex } from 'viem';
import type { ContractArtifact, VerifierArtifact } from '../../pipeline/anchoring/contract-artifacts.js';
import { packageRoot } from '../../pipeline/db/package-root.js';
import { renderGroth16Verifier } from '../../pipeline/proving/export-verifier/index.js';

// Compiles contracts/StonesRegistry.sol and the Groth16 verifier of every committed circuit
// instance (circuits/artifacts/*/circuit.zkey, exported with snarkjs's template) with the solc
// of the lockfile. `npm run contracts` writes the results under contracts/; the drift test
// (test/contracts/) calls the same functions and compares with what is committed.

/** Fixed settings: the committed bytecode is reproducible only with the same compiler and settings. */
const SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' } as const;

interface SolcContractOutput {
  abi: Abi;
  evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, SolcContractOutput>>;
}

export interface CompiledContracts {
  registry: ContractArtifact;
  verifiers: { artifact: VerifierArtifact; source: string }[];
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One Solidity source through solc's standard JSON; compile errors are fatal (a developer tool). */
function compileSource(file: string, source: string, contract: string): ContractArtifact {
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: source } },
    settings: { ...SETTINGS, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${file}:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = output.contracts?.[file]?.[contract];
  if (!compiled) throw new Error(`solc produced no ${contract} from ${file}`);
  return {
    contract,
    compiler: solc.version() as string,
    settings: { optimizer: { ...SETTINGS.optimizer }, evmVersion: SETTINGS.evmVersion },
    sourceSha256: sha256(source),
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}` as Hex,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}` as Hex,
  };
}

function registrySourcePath(): string {
  return join(packageRoot(), 'contracts', 'StonesRegistry.sol');
}

/** The circuit instances with committed proving artifacts (each gets a verifier). */
export function committedInstances(): string[] {
  const dir = join(packageRoot(), 'circuits', 'artifacts');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function compileContracts(): Promise<CompiledContracts> {
  const registry = compileSource('StonesRegistry.sol', readFileSync(registrySourcePath(), 'utf8'), 'StonesRegistry');
  const verifiers: CompiledContracts['verifiers'] = [];
  for (const instance of committedInstances()) {
    const artifactsDir = join(packageRoot(), 'circuits', 'artifacts', instance);
    const source = await renderGroth16Verifier(join(artifactsDir, 'circuit.zkey'));
    const artifact = compileSource(`${instance}.sol`, source, 'Groth16Verifier');
    verifiers.push({
      artifact: { ...artifact, instance, verificationKeySha256: sha256(readFileSync(join(artifactsDir, 'verification_key.json'))) },
      source,
    });
  }
  return { registry, verifiers };
}
