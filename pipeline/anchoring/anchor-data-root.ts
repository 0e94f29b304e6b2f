import type { DuckDBConnection } from '@duckdb/node-api';
import type { Address, Hex } from 'viem';
import { ChainError, UsageError } from '../errors/index.js';
import type { ManifestDataRootAnchor } from '../formats/index.js';
import type { ChainConnection } from './chain-connection.js';
import { RegistryClient, type RegistryRunState } from './registry-client.js';
import { commitmentOfRun, registryKey, ZERO_KEY, type CommittedRun } from './registry-values.js';

export interface AnchorDataRootOptions {
  runId: string;
  connection: ChainConnection;
  registry: Address;
  /** The circuit instance the run will be proved with (the registry keeps one verifier per instance). */
  circuit: string;
  /** The run this one corrects, when its period already has a record. */
  replaces?: string;
  progress?: (line: string) => void;
}

const READ_RUN = `SELECT period, formula_sha256, formula_poseidon, data_root, batches, users, data_root_anchor FROM runs WHERE run_id = $1`;
const STORE_ANCHOR = `UPDATE runs SET data_root_anchor = $2 WHERE run_id = $1 AND data_root_anchor IS NULL`;

async function readCommittedRun(db: DuckDBConnection, runId: string): Promise<{ run: CommittedRun; stored: ManifestDataRootAnchor | null }> {
  const row = (await db.runAndReadAll(READ_RUN, [runId])).getRowObjectsJS()[0];
  if (!row) throw new UsageError(`no run ${runId}`);
  const run: CommittedRun = {
    runId,
    period: String(row.period),
    formulaSha256: String(row.formula_sha256),
    formulaPoseidon: String(row.formula_poseidon),
    dataRoot: String(row.data_root),
    batches: Number(row.batches),
    users: Number(row.users),
  };
  const stored = row.data_root_anchor === null ? null : (JSON.parse(String(row.data_root_anchor)) as ManifestDataRootAnchor);
  return { run, stored };
}

/**
 * Commits a run's data root on the registry before its beacon is asked for: the block's time
 * is the commitment time nobody controls, and the beacon must be a drand round after it. Asks
 * the chain first (a second call, or a resumed run, sends nothing), checks the chain holds this
 * run's data root, and records the transaction in runs.data_root_anchor for the manifest. A
 * run whose recorded anchor the chain no longer holds (another chain, a lost dev chain) is a
 * ChainError: its beacon was drawn after that anchor, and no other can stand for it.
 */
export async function anchorDataRoot(db: DuckDBConnection, options: AnchorDataRootOptions): Promise<ManifestDataRootAnchor> {
  const { runId, connection, progress = () => {} } = options;
  const { run, stored } = await readCommittedRun(db, runId);
  const registry = new RegistryClient(connection, options.registry);
  const runKey = registryKey(runId);
  const commitment = commitmentOfRun(run, options.circuit, options.replaces === undefined ? ZERO_KEY : registryKey(options.replaces));
  let state = await registry.read<RegistryRunState>('getRun', [runKey]);
  if (stored !== null) {
    const where = `chain ${stored.chain_id}, registry ${stored.registry}, block ${stored.block_number}`;
    if (stored.chain_id !== connection.chainId || stored.registry !== options.registry.toLowerCase() || state.committedBlock !== BigInt(stored.block_number)) {
      throw new ChainError(`run ${runId}'s data root was anchored on ${where}, which this chain and registry do not hold: anchor it there`);
    }
    return stored;
  }
  if (state.committedAt === 0n) {
    const receipt = await registry.send(`committing the data root of run ${runId}`, 'commitRun', [commitment], 'RunExists');
    if (receipt) progress(`commit: block ${receipt.blockNumber}, gas ${receipt.gasUsed}`);
    state = await registry.read<RegistryRunState>('getRun', [runKey]);
  }
  if (state.dataRoot !== commitment.dataRoot || state.instance !== commitment.instance) {
    throw new ChainError(`run ${runId} is committed on chain with another data root or circuit: it is not this run`);
  }
  const [event] = await connection.publicClient.getContractEvents({
    address: options.registry,
    abi: registry.abi,
    eventName: 'RunCommitted',
    args: { runKey },
    fromBlock: state.committedBlock,
    toBlock: state.committedBlock,
  });
  if (!event?.transactionHash) throw new ChainError(`the registry holds run ${runId}'s commitment but no RunCommitted event at block ${state.committedBlock}`);
  const anchor: ManifestDataRootAnchor = {
    chain_id: connection.chainId,
    registry: options.registry.toLowerCase(),
    transaction: event.transactionHash.toLowerCase() as Hex,
    block_number: Number(state.committedBlock),
    block_time: Number(state.committedAt),
  };
  await db.run(STORE_ANCHOR, [runId, JSON.stringify(anchor)]);
  return anchor;
}
