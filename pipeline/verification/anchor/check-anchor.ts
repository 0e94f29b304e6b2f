import { parseEventLogs, type Abi, type Address, type Hex } from 'viem';
import { shortChainMessage, type ChainConnection } from '../../anchoring/chain-connection.js';
import { registryArtifact, verifierArtifacts } from '../../anchoring/contract-artifacts.js';
import { poseidonCreationCode, REGISTRY_POSEIDON_ARITIES } from '../../anchoring/poseidon-contracts.js';
import { commitmentOf, outcomeOf, registryKey, registryRunStatement, ZERO_KEY } from '../../anchoring/registry-values.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import type { Manifest } from '../../formats/index.js';
import { manifestBatchStatement } from '../../proving/prove/batch-statement.js';
import { CheckLog } from '../bundle/check-log.js';
import { ANCHOR_CHECKS, type AnchorCheckName, type AnchorCheckResult } from './anchor-checks.js';

export interface CheckAnchorOptions {
  manifest: Manifest;
  connection: ChainConnection;
  registry: Address;
  poseidon: PoseidonHasher;
}

/** StonesRegistry.Run as getRun returns it (viem names the struct's fields). */
interface ChainRun {
  periodKey: Hex;
  instance: Hex;
  formulaSha256: Hex;
  formulaPoseidon: bigint;
  dataRoot: bigint;
  batchCount: number;
  users: number;
  committedAt: bigint;
  committedBlock: bigint;
  replaces: Hex;
  recordedAt: bigint;
  pool: bigint;
  totalNoisy: bigint;
  totalAwards: bigint;
  remainder: bigint;
  beacon: bigint;
  awardRoot: bigint;
  drawTotal: bigint;
  drawOffset: bigint;
  manifestSha256: Hex;
  runStatement: bigint;
  batchesVerified: number;
}

export interface AnchorVerification {
  chainId: number;
  registry: Address;
  /** The account that records runs in this registry (the programme's operator, to compare with the one it publishes). */
  operator?: Address;
  /** When the chain fixed the data root (the commitment's block time), if it did. */
  committedAt?: string;
  checks: AnchorCheckResult[];
  ok: boolean;
}

/** Field by field: the chain's value against the manifest's, one failure line per difference. */
function compare(log: CheckLog<AnchorCheckName>, check: AnchorCheckName, pairs: [string, unknown, unknown][]): void {
  for (const [name, chain, bundle] of pairs) {
    if (String(chain) !== String(bundle)) log.fail(check, `${name}: the chain records ${String(chain)}, the bundle says ${String(bundle)}`);
  }
}

async function checkContracts(log: CheckLog<AnchorCheckName>, options: CheckAnchorOptions, run: ChainRun, circuit: string | undefined): Promise<void> {
  const { publicClient } = options.connection;
  const abi = registryArtifact().abi;
  const codeAt = async (address: Address) => (await publicClient.getCode({ address })) ?? '0x';
  if ((await codeAt(options.registry)) !== registryArtifact().deployedBytecode) {
    log.fail('anchor.contracts', `the code at ${options.registry} is not the StonesRegistry of contracts/build`);
    return;
  }
  for (const arity of REGISTRY_POSEIDON_ARITIES) {
    const address = (await publicClient.readContract({ address: options.registry, abi, functionName: `poseidon${arity}` })) as Address;
    // The generator's creation code, run without deploying, returns the code it would leave.
    const expected = (await publicClient.call({ data: poseidonCreationCode(arity) })).data;
    if ((await codeAt(address)) !== expected)
      log.fail('anchor.contracts', `the registry's Poseidon(${arity}) at ${address} is not circomlibjs's generated contract`);
  }
  const verifier = verifierArtifacts().find((v) => v.instance === circuit);
  const address = (await publicClient.readContract({ address: options.registry, abi, functionName: 'verifiers', args: [run.instance] })) as Address;
  if (!verifier) log.fail('anchor.contracts', `stones ships no verifier for the circuit ${String(circuit)}`);
  else if ((await codeAt(address)) !== verifier.deployedBytecode) {
    log.fail('anchor.contracts', `the verifier the registry uses for ${circuit} (${address}) is not the one exported from its ceremony's key`);
  }
}

/**
 * The bundle against its record on the chain: the contracts are the ones stones ships, the
 * commitment and outcome are the manifest's numbers, the manifest's record SHA-256 is the
 * anchored one, and every batch proof was verified on chain for the statement this bundle
 * gives (so the proofs stand on the chain's own verification, not only the bundle's files).
 */
export async function checkAnchor(options: CheckAnchorOptions): Promise<AnchorVerification> {
  const { manifest, connection, registry, poseidon } = options;
  const log = new CheckLog<AnchorCheckName>(ANCHOR_CHECKS);
  const abi = registryArtifact().abi;
  const runKey = registryKey(manifest.run_id);
  let operator: Address | undefined;
  const result = (extra: Partial<AnchorVerification> = {}): AnchorVerification => {
    const checks = log.results();
    return { chainId: connection.chainId, registry, ...(operator ? { operator } : {}), checks, ok: checks.every((c) => c.status === 'passed'), ...extra };
  };
  let run: ChainRun;
  try {
    run = (await connection.publicClient.readContract({ address: registry, abi, functionName: 'getRun', args: [runKey] })) as ChainRun;
  } catch (error) {
    for (const check of ANCHOR_CHECKS) log.skip(check.name, `the registry at ${registry} could not be read: ${shortChainMessage(error)}`);
    return result();
  }
  const circuit = manifest.proofs?.circuit;
  operator = (await connection.publicClient.readContract({ address: registry, abi, functionName: 'operator' }).catch(() => undefined)) as Address | undefined;
  try {
    await checkContracts(log, options, run, circuit);
  } catch (error) {
    log.fail('anchor.contracts', `reading the contracts failed: ${shortChainMessage(error)}`);
  }
  if (run.committedAt === 0n) {
    log.fail('anchor.commitment', `the registry holds no record of run ${manifest.run_id}`);
    for (const name of ['anchor.outcome', 'anchor.manifest', 'anchor.batches'] as const) log.skip(name, 'the run is not on the chain');
    return result();
  }
  const commitment = commitmentOf(manifest, circuit ?? '');
  const latest = (await connection.publicClient.readContract({ address: registry, abi, functionName: 'latestRunOfPeriod', args: [run.periodKey] })) as Hex;
  if (latest !== runKey) log.fail('anchor.commitment', `the period's record on chain is another run (key ${latest}): this run was replaced by a correction`);
  compare(log, 'anchor.commitment', [
    ['period', run.periodKey, registryKey(manifest.period)],
    ['circuit', run.instance, commitment.instance],
    ['formula.sha256', run.formulaSha256, commitment.formulaSha256],
    ['formula.poseidon', run.formulaPoseidon, commitment.formulaPoseidon],
    ['data_root', run.dataRoot, commitment.dataRoot],
    ['batches', run.batchCount, commitment.batchCount],
    ['users', run.users, commitment.users],
  ]);
  // The beacon's drand round was chosen by this block's time: the bundle's copy must be the chain's.
  const anchored = manifest.data_root_anchor;
  if (anchored !== undefined) {
    compare(log, 'anchor.commitment', [
      ['data_root_anchor.chain_id', connection.chainId, anchored.chain_id],
      ['data_root_anchor.registry', registry.toLowerCase(), anchored.registry],
      ['data_root_anchor.block_number', run.committedBlock, anchored.block_number],
      ['data_root_anchor.block_time', run.committedAt, anchored.block_time],
    ]);
    await checkAnchorTransaction(log, options, anchored.transaction as Hex, run.committedBlock, runKey);
  }
  await checkReplacedRuns(log, options, run.replaces);
  const committedAt = new Date(Number(run.committedAt) * 1000).toISOString();
  if (run.recordedAt === 0n) {
    log.fail('anchor.outcome', `run ${manifest.run_id} is committed on chain but its outcome is not recorded`);
    for (const name of ['anchor.manifest', 'anchor.batches'] as const) log.skip(name, 'the outcome is not on the chain');
    return result({ committedAt });
  }
  const outcome = outcomeOf(manifest);
  compare(log, 'anchor.outcome', [
    ['pool', run.pool, outcome.pool],
    ['total_noisy_score', run.totalNoisy, outcome.totalNoisy],
    ['total_awards', run.totalAwards, outcome.totalAwards],
    ['remainder', run.remainder, outcome.remainder],
    ['beacon', run.beacon, outcome.beacon],
    ['award_root', run.awardRoot, outcome.awardRoot],
    ['draw.total', run.drawTotal, outcome.drawTotal],
    ['draw.offset', run.drawOffset, outcome.drawOffset],
    ['run statement', run.runStatement, registryRunStatement(poseidon, manifest)],
  ]);
  compare(log, 'anchor.manifest', [['record SHA-256', run.manifestSha256, outcome.manifestSha256]]);
  await checkBatches(log, options, runKey, run);
  return result({ committedAt });
}

/** The manifest's anchor transaction is the one that committed this run: RunCommitted for its key, in its block. */
async function checkAnchorTransaction(log: CheckLog<AnchorCheckName>, options: CheckAnchorOptions, hash: Hex, block: bigint, runKey: Hex): Promise<void> {
  const { connection, registry } = options;
  const receipt = await connection.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
  if (receipt === undefined) {
    log.fail('anchor.commitment', `data_root_anchor.transaction: the chain has no transaction ${hash}`);
    return;
  }
  const committed = parseEventLogs({ abi: registryArtifact().abi as Abi, logs: receipt.logs, eventName: 'RunCommitted', strict: true }).filter(
    (event) => event.address.toLowerCase() === registry.toLowerCase() && (event.args as { runKey?: Hex }).runKey === runKey,
  );
  if (committed.length === 0 || receipt.blockNumber !== block) {
    log.fail('anchor.commitment', `data_root_anchor.transaction: ${hash} is not the transaction that committed this run (block ${block})`);
  }
}

/** How far back a chain of corrections is followed (a period's releases are few; this only bounds a loop). */
const MAX_REPLACEMENTS = 64;

/**
 * A run that replaces another: every run it replaces must have been recorded (a correction of a
 * published release). A replaced run that was committed, so had its beacon drawn, and never
 * recorded is a redraw: the operator set its outcome aside and committed again.
 */
async function checkReplacedRuns(log: CheckLog<AnchorCheckName>, options: CheckAnchorOptions, replaces: Hex): Promise<void> {
  const { connection, registry } = options;
  const abi = registryArtifact().abi;
  let key = replaces;
  for (let step = 0; key !== ZERO_KEY && step < MAX_REPLACEMENTS; step++) {
    const replaced = (await connection.publicClient.readContract({ address: registry, abi, functionName: 'getRun', args: [key] })) as ChainRun;
    if (replaced.recordedAt === 0n) {
      log.fail(
        'anchor.commitment',
        `this run replaces run key ${key}, committed at ${new Date(Number(replaced.committedAt) * 1000).toISOString()} and never recorded: its beacon was drawn and its outcome set aside (a redraw)`,
      );
    }
    key = replaced.replaces;
  }
}

/** Every batch verified on chain, and the statement each BatchVerified event carries is the one this bundle's numbers give. */
async function checkBatches(log: CheckLog<AnchorCheckName>, options: CheckAnchorOptions, runKey: Hex, run: ChainRun): Promise<void> {
  const { manifest, connection, registry, poseidon } = options;
  const abi = registryArtifact().abi;
  const events = (await connection.publicClient.getContractEvents({
    address: registry,
    abi,
    eventName: 'BatchVerified',
    args: { runKey },
    fromBlock: 0n,
    strict: true,
  })) as unknown as {
    args: { batch: bigint; statement: bigint };
  }[];
  const onChain = new Map(events.map((e) => [Number(e.args.batch), e.args.statement]));
  const missing: number[] = [];
  for (let index = 0; index < manifest.batches.length; index += 1) {
    const statement = onChain.get(index);
    if (statement === undefined) {
      missing.push(index);
      continue;
    }
    const expected = manifestBatchStatement(poseidon, manifest, index);
    if (statement !== expected) log.fail('anchor.batches', `batch ${index}: the chain verified statement ${statement}, this bundle's numbers give ${expected}`);
  }
  if (missing.length > 0) {
    log.fail(
      'anchor.batches',
      `${missing.length} of ${manifest.batches.length} batches not verified on chain (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}): stones anchor --verify-batches all`,
    );
  }
  if (run.batchesVerified !== onChain.size)
    log.fail('anchor.batches', `the registry counts ${run.batchesVerified} verified batches, its events ${onChain.size}`);
}
