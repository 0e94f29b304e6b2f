import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address, Hex, TransactionReceipt } from 'viem';
import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { ChainError, UsageError } from '../errors/index.js';
import {
  parseVersioned,
  SCHEMA_VERSIONS,
  type AnchorFile,
  type AnchorTransaction,
  type Manifest,
  type ProofFile,
  type VersionedDocument,
} from '../formats/index.js';
import { proofFileName } from '../proving/prove/proof-files.js';
import type { ChainConnection } from './chain-connection.js';
import { RegistryClient, type RegistryRunState } from './registry-client.js';
import { batchesOf, commitmentOf, groth16ProofArgs, outcomeOf, registryKey, ZERO_KEY, type RegistryBatch } from './registry-values.js';

export const ANCHOR_FILE = 'anchor.json';

export interface AnchorRunOptions {
  bundleDir: string;
  connection: ChainConnection;
  registry: Address;
  /** Verify every batch proof on chain, or only the first N (each costs gas; anyone may verify the rest later). */
  verifyBatches: 'all' | number;
  poseidon: PoseidonHasher;
  /** The run this one corrects (its run id), when the period already has a record. */
  replaces?: string;
  progress?: (line: string) => void;
}

/** One transaction this anchor sent, with its gas. */
interface SentTransaction {
  what: string;
  tx: Hex;
  gasUsed: bigint;
}

export interface AnchorRunResult {
  anchor: AnchorFile;
  path: string;
  /** What this call sent; empty when the chain already held everything asked for. */
  sent: SentTransaction[];
}

/** A published file, parsed by its schema; a missing, unreadable or malformed one is the user's to fix (one line). */
async function readVersioned<K extends 'manifest' | 'proof'>(kind: K, path: string, what: string): Promise<VersionedDocument<K>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} at ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseVersioned(kind, JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${what} at ${path} is not one stones can anchor: ${(error as Error).message}`);
  }
}

/**
 * Records a proved run on the chain's StonesRegistry and verifies its batch proofs there:
 * commit (data root), record (outcome), then each batch not yet verified. Every step first
 * asks the chain whether it is done, so anchoring again, after a crash or a chain restart,
 * sends only what is missing and never the same thing twice. Writes `<bundle>/anchor.json` from
 * the registry's events (the same file however many attempts it took).
 */
export async function anchorRun(options: AnchorRunOptions): Promise<AnchorRunResult> {
  const { bundleDir, connection, poseidon, progress = () => {} } = options;
  const manifest: Manifest = await readVersioned('manifest', join(bundleDir, 'manifest.json'), 'the manifest');
  if (!manifest.proofs) throw new UsageError(`run ${manifest.run_id} is not proved yet: run stones prove before stones anchor`);
  const registry = new RegistryClient(connection, options.registry);
  const runKey = registryKey(manifest.run_id);
  const sent: SentTransaction[] = [];
  const note = (what: string, receipt: TransactionReceipt | undefined) => {
    // Done meanwhile (a transaction of an earlier attempt still pending, or anyone verifying the batch): nothing sent.
    if (receipt === undefined) return;
    sent.push({ what, tx: receipt.transactionHash, gasUsed: receipt.gasUsed });
    progress(`${what}: block ${receipt.blockNumber}, gas ${receipt.gasUsed}`);
  };

  let run = await registry.read<RegistryRunState>('getRun', [runKey]);
  const commitment = commitmentOf(manifest, manifest.proofs.circuit, options.replaces === undefined ? ZERO_KEY : registryKey(options.replaces));
  if (run.committedAt === 0n) {
    note('commit', await registry.send(`committing run ${manifest.run_id}`, 'commitRun', [commitment], 'RunExists'));
    run = await registry.read<RegistryRunState>('getRun', [runKey]);
  }
  if (run.dataRoot !== commitment.dataRoot || run.instance !== commitment.instance) {
    throw new ChainError(`run ${manifest.run_id} is committed on chain with another data root or circuit: this bundle is not the run committed there`);
  }
  const outcome = outcomeOf(manifest);
  if (run.recordedAt === 0n) {
    note('record', await registry.send(`recording run ${manifest.run_id}`, 'recordRun', [runKey, outcome], 'AlreadyRecorded'));
  } else if (run.manifestSha256 !== outcome.manifestSha256) {
    throw new ChainError(
      `run ${manifest.run_id} is recorded on chain with another manifest (SHA-256 ${run.manifestSha256.slice(2)}): this bundle is not the one anchored`,
    );
  }

  const batches = batchesOf(poseidon, manifest);
  const wanted = options.verifyBatches === 'all' ? batches.length : Math.min(options.verifyBatches, batches.length);
  for (const entry of batches.slice(0, wanted)) {
    const index = entry.batch.index;
    if (await registry.read<boolean>('batchVerified', [runKey, BigInt(index)])) continue;
    const proof: ProofFile = await readVersioned('proof', join(bundleDir, 'proofs', proofFileName(index)), `the proof of batch ${index}`);
    note(
      `batch ${index}`,
      await registry.send(`verifying batch ${index} of run ${manifest.run_id}`, 'verifyBatch', batchArgs(runKey, entry, proof), 'BatchAlreadyVerified'),
    );
  }

  const anchor = await anchorFileOf(registry, manifest, runKey, run.committedBlock);
  const path = join(bundleDir, ANCHOR_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(anchor, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return { anchor, path, sent };
}

function batchArgs(runKey: Hex, entry: RegistryBatch, proof: ProofFile): readonly unknown[] {
  return [runKey, entry.batch, entry.dataPath, entry.awardPath, groth16ProofArgs(proof)];
}

/** anchor.json from the registry's events of the run (commit, record, each verified batch). */
async function anchorFileOf(registry: RegistryClient, manifest: Manifest, runKey: Hex, committedBlock: bigint): Promise<AnchorFile> {
  const { publicClient } = registry.connection;
  const events = async (eventName: string) =>
    publicClient.getContractEvents({ address: registry.address, abi: registry.abi, eventName, args: { runKey }, fromBlock: committedBlock, strict: true });
  const transaction = async (log: { transactionHash: Hex | null; blockNumber: bigint | null }): Promise<AnchorTransaction> => {
    const hash = log.transactionHash as Hex;
    const receipt = await publicClient.getTransactionReceipt({ hash });
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
    return {
      tx: hash,
      block: Number(receipt.blockNumber),
      block_time: new Date(Number(block.timestamp) * 1000).toISOString(),
      gas_used: receipt.gasUsed.toString(),
    };
  };
  const [committed] = await events('RunCommitted');
  if (!committed) throw new ChainError(`the registry at ${registry.address} has no RunCommitted event of run ${manifest.run_id}`);
  const [recorded] = await events('RunRecorded');
  const verified = await events('BatchVerified');
  const batches = await Promise.all(
    verified.map(async (log) => ({ batch: Number((log as unknown as { args: { batch: bigint } }).args.batch), ...(await transaction(log)) })),
  );
  batches.sort((a, b) => a.batch - b.batch);
  return {
    schema_version: SCHEMA_VERSIONS.anchor,
    chain_id: registry.connection.chainId,
    registry: registry.address.toLowerCase() as Hex,
    run_id: manifest.run_id,
    run_key: runKey,
    commit: await transaction(committed),
    record: recorded ? await transaction(recorded) : null,
    batch_count: manifest.batches.length,
    batches,
  };
}
