import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeFunctionResult, toEventSelector, toFunctionSelector, type AbiEvent, type AbiFunction, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anchorRun,
  batchesOf,
  commitmentOf,
  connectChain,
  DEV_CHAIN_KEY,
  freePort,
  groth16ProofArgs,
  registryArtifact,
  registryKey,
  startDevChain,
  type ChainConnection,
  type DevChain,
} from '../../../pipeline/anchoring/index.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { ChainError } from '../../../pipeline/errors/index.js';
import { drawTag } from '../../../pipeline/draw/index.js';
import { parseVersioned, type AnchorFile, type Manifest, type ProofFile } from '../../../pipeline/formats/index.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { proveRun } from '../../../pipeline/proving/prove/index.js';
import { releasedRun, resumeRun, runPipeline } from '../../../pipeline/run/index.js';
import { loadFormula } from '../../../pipeline/scoring/index.js';
import { checkAnchor, verifyReceipt, type AnchorVerification } from '../../../pipeline/verification/node/index.js';
import { manifestRecordSha256 } from '../../../pipeline/publishing/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';

// `stones anchor` against a real anvil (the npm package's binary, on a free port, no mock):
// two proved runs (B = 2, the committed test instance) are recorded on the StonesRegistry and
// their batch proofs verified there; the bundle and the chain are checked against each other
// by `stones verify --rpc`; the registry refuses what it must (a second record, a forged proof,
// a wrong root); and anvil killed mid-anchor, restarted from its state, lets the same command
// finish with every batch verified exactly once.

/** Anvil's published account 1: not the registry's operator. */
const OTHER_KEY: Hex = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const PEPPER = BigInt(`0x5e1f${'a7'.repeat(29)}`);

let dir: string;
let out: string;
let chainDir: string;
let poseidon: PoseidonHasher;
const runs: { runId: string; bundle: string; manifest: Manifest }[] = [];
let chain: DevChain | undefined;
let connection: ChainConnection;
let registry: Address;

const env = () => ({ STONES_CHAIN_KEY: DEV_CHAIN_KEY });

async function startChain(): Promise<void> {
  chain = await startDevChain({ stateDir: chainDir });
  connection = await connectChain(chain.rpcUrl, DEV_CHAIN_KEY);
}

function anchorFileOf(bundle: string): AnchorFile {
  return parseVersioned('anchor', JSON.parse(readFileSync(join(bundle, 'anchor.json'), 'utf8'))) as AnchorFile;
}

async function batchVerifiedEvents(runId: string): Promise<number[]> {
  const logs = (await connection.publicClient.getContractEvents({
    address: registry,
    abi: registryArtifact().abi,
    eventName: 'BatchVerified',
    args: { runKey: registryKey(runId) },
    fromBlock: 0n,
    strict: true,
  })) as unknown as { args: { batch: bigint } }[];
  return logs.map((log) => Number(log.args.batch)).sort((a, b) => a - b);
}

/** What the registry's simulation says of a call (the custom error's name), or 'ok'. */
async function refusal(functionName: string, args: readonly unknown[], key: Hex = DEV_CHAIN_KEY): Promise<string> {
  const sender = await connectChain(connection.rpcUrl, key);
  try {
    await sender.publicClient.simulateContract({ address: registry, abi: registryArtifact().abi, functionName, args, account: sender.wallet?.account });
    return 'ok';
  } catch (error) {
    const match = /reverted with the following signature|Error: (\w+)\(/.exec(String((error as Error).message));
    return match?.[1] ?? (error as Error).message.split('\n')[0] ?? 'unknown';
  }
}

/** The first owner's receipt of a run, as the file an owner is given. */
function firstReceipt(bundle: string): string {
  const path = join(dirname(bundle), 'first-receipt.json');
  writeFileSync(path, readFileSync(join(dirname(bundle), 'receipts.jsonl'), 'utf8').split('\n')[0] as string);
  return path;
}

function failed(result: AnchorVerification): string[] {
  return result.checks.filter((c) => c.status === 'failed').map((c) => c.name);
}

function proofOf(bundle: string, batch: number) {
  return groth16ProofArgs(
    parseVersioned('proof', JSON.parse(readFileSync(join(bundle, 'proofs', `batch-${String(batch).padStart(6, '0')}.json`), 'utf8'))) as ProofFile,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-anchor-'));
  out = join(dir, 'out');
  chainDir = join(dir, 'chain');
  const formula = await loadFormula(await writeSmallCircuitFormula(dir));
  const { inputs } = await writeGeneratedInputs(dir, { users: 7, days: 61, seed: 21, start: '2026-10-01' });
  poseidon = await createPoseidon();
  const hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(dir, 'stones.duckdb'));
  try {
    for (const periodId of ['2026-10', '2026-11']) {
      const run = releasedRun(
        await runPipeline(database.connection, { inputs, periodId, timeZone: 'UTC', formula, pepper: PEPPER, outDir: out, hasher, poseidon }),
      );
      const bundle = join(run.publish.runDir, 'bundle');
      await proveRun({ connection: database.connection, runId: run.commit.runId, formula, artifactsDir: SMALL_CIRCUIT_ARTIFACTS, bundleDir: bundle, poseidon });
      runs.push({
        runId: run.commit.runId,
        bundle,
        manifest: parseVersioned('manifest', JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'))) as Manifest,
      });
    }
  } finally {
    database.close();
    await hasher.close();
    await releaseSnarkjsCurve();
  }
}, 180_000);

afterAll(async () => {
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('stones anchor on a real anvil', () => {
  it('without --rpc starts the local dev chain, deploys the registry, records the run and verifies every batch, printing the gas', () => {
    const [first] = runs as [(typeof runs)[number]];
    const result = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir]);
    expect(result.stderr).toMatch(/^deployed StonesRegistry at 0x[0-9a-fA-F]{40} on chain 31337 \(gas \d+\)$/m);
    expect(result.status, result.stderr).toBe(0);
    const deployment = JSON.parse(readFileSync(join(chainDir, 'deployments', '31337.json'), 'utf8')) as { registry: string };
    registry = deployment.registry as Address;
    const batches = first.manifest.batches.length;
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toMatch(
      new RegExp(
        `anchored run ${first.runId} at registry 0x[0-9a-f]{40} on chain 31337 \\(the local dev chain\\): ${batches + 2} transaction\\(s\\), \\d+ gas`,
      ),
    );
    expect(result.stdout).toMatch(/record \(commit \+ outcome\): \d+ gas/);
    expect(result.stdout).toMatch(new RegExp(`batch proofs verified: ${batches}, \\d+ gas each on average`));
    const anchor = anchorFileOf(first.bundle);
    expect(anchor.run_id).toBe(first.runId);
    expect(anchor.batches.map((b) => b.batch)).toEqual(first.manifest.batches.map((b) => b.batch));
    expect(anchor.record).not.toBeNull();
    expect(anchor.registry).toBe(registry.toLowerCase());
    // The dev chain stopped with the command; its state file holds the chain.
    expect(readdirSync(chainDir)).toContain('state.json');
  });

  it('restarted from its state, the chain still holds the record, and anchoring again sends nothing', async () => {
    await startChain();
    const [first] = runs as [(typeof runs)[number]];
    expect(await batchVerifiedEvents(first.runId)).toEqual(first.manifest.batches.map((b) => b.batch));
    const before = await connection.publicClient.getBlockNumber();
    const result = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir, '--rpc', connection.rpcUrl], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`run ${first.runId} was already anchored at registry ${registry.toLowerCase()} on chain 31337: nothing sent`);
    expect(await connection.publicClient.getBlockNumber()).toBe(before);
  });

  it('stones verify --rpc checks the bundle against the chain: every anchor check passes', () => {
    const [first] = runs as [(typeof runs)[number]];
    const result = runCli(['verify', first.bundle, '--rpc', connection.rpcUrl, '--allow-demo-beacon']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    for (const name of ['anchor.contracts', 'anchor.commitment', 'anchor.outcome', 'anchor.manifest', 'anchor.batches']) {
      expect(result.stdout).toMatch(new RegExp(`^  ok    ${name.replace('.', '\\.')} `, 'm'));
    }
    expect(result.stdout).toMatch(/^VERIFIED: \d+ checks passed/m);

    const receipt = firstReceipt(first.bundle);
    const owner = runCli(['verify-receipt', first.bundle, receipt, '--rpc', connection.rpcUrl, '--allow-demo-beacon']);
    expect(owner.status, owner.stderr).toBe(0);
    expect(owner.stdout).toMatch(new RegExp(`^receipt OK: .* on chain 31337 at registry ${registry}: the roots, the record and every batch's proof$`, 'm'));
  });

  it("the README's generic JSON-RPC requests read the same record as stones chain-record", async () => {
    const [first] = runs as [(typeof runs)[number]];
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const abi = registryArtifact().abi;
    const getRun = abi.find((item) => item.type === 'function' && item.name === 'getRun') as AbiFunction;
    expect(readme).toContain(`"data":"${toFunctionSelector(getRun)}'\${KEY#0x}'"`);
    for (const name of ['RunCommitted', 'RunRecorded', 'BatchVerified']) {
      expect(readme).toContain(
        `\`${name}\` \`${toEventSelector(abi.find((item) => item.type === 'event' && item.name === name) as AbiEvent).slice(0, 10)}...\``,
      );
    }
    const anchor = anchorFileOf(first.bundle);
    const rpc = async (method: string, params: unknown[]) =>
      (
        (await (
          await fetch(connection.rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
          })
        ).json()) as { result: unknown }
      ).result;
    const logs = (await rpc('eth_getLogs', [{ address: anchor.registry, fromBlock: '0x0', topics: [null, anchor.run_key] }])) as {
      transactionHash: string;
      topics: string[];
    }[];
    const called = (await rpc('eth_call', [{ to: anchor.registry, data: `0xa9eb8048${anchor.run_key.slice(2)}` }, 'latest'])) as Hex;

    const result = runCli(['chain-record', '--run', first.runId, '--rpc', connection.rpcUrl, '--registry', registry]);
    expect(result.status, result.stderr).toBe(0);
    const record = JSON.parse(result.stdout) as { run_key: string; record: Record<string, string>; events: { event: string; tx: string }[] };
    expect(record.run_key).toBe(anchor.run_key);
    expect(logs.map((l) => l.transactionHash)).toEqual(record.events.map((e) => e.tx));
    expect(record.events.map((e) => e.event)).toEqual(['RunCommitted', 'RunRecorded', ...first.manifest.batches.map(() => 'BatchVerified'), 'RunVerified']);
    const decoded = decodeFunctionResult({ abi, functionName: 'getRun', data: called }) as Record<string, unknown>;
    expect(String(decoded.dataRoot)).toBe(record.record.dataRoot);
    expect(String(decoded.manifestSha256)).toBe(`0x${manifestRecordSha256(first.manifest)}`);
  });

  it('a bundle whose numbers differ from the chain record fails by name', async () => {
    const [first] = runs as [(typeof runs)[number]];
    // One stone moved from the remainder to the awards (the bundle's own award_sums check fails too).
    const manifest = structuredClone(first.manifest);
    manifest.total_awards = String(BigInt(manifest.total_awards) + 1n);
    manifest.remainder = String(BigInt(manifest.remainder) - 1n);
    const checked = await checkAnchor({ manifest, connection, registry, poseidon });
    expect(checked.ok).toBe(false);
    expect(failed(checked)).toEqual(['anchor.outcome', 'anchor.manifest']);
    expect(checked.checks.find((c) => c.name === 'anchor.outcome')?.failures).toEqual([
      `total_awards: the chain records ${first.manifest.total_awards}, the bundle says ${manifest.total_awards}`,
      `remainder: the chain records ${first.manifest.remainder}, the bundle says ${manifest.remainder}`,
    ]);
    // Another run's bundle under this run's id: its data root is not the committed one.
    const other = { ...(runs[1] as (typeof runs)[number]).manifest, run_id: first.runId, period: first.manifest.period };
    expect(failed(await checkAnchor({ manifest: other, connection, registry, poseidon }))).toEqual(
      expect.arrayContaining(['anchor.commitment', 'anchor.outcome', 'anchor.manifest', 'anchor.batches']),
    );
  });

  it('the registry refuses a second record of a run or a period, a record by anyone but its operator, and a batch verified twice', async () => {
    const [first] = runs as [(typeof runs)[number]];
    const commitment = commitmentOf(first.manifest, first.manifest.proofs?.circuit as string);
    expect(await refusal('commitRun', [commitment])).toBe('RunExists');
    expect(await refusal('commitRun', [{ ...commitment, runId: `${first.runId}-again` }])).toBe('PeriodPublished');
    // A correction names the run it replaces.
    expect(await refusal('commitRun', [{ ...commitment, runId: `${first.runId}-again`, replaces: registryKey(first.runId) }])).toBe('ok');
    expect(await refusal('commitRun', [{ ...commitment, runId: 'someone else', period: '2030-01' }], OTHER_KEY)).toBe('NotOperator');
    const [batch0] = batchesOf(poseidon, first.manifest);
    expect(await refusal('verifyBatch', [registryKey(first.runId), batch0?.batch, batch0?.dataPath, batch0?.awardPath, proofOf(first.bundle, 0)])).toBe(
      'BatchAlreadyVerified',
    );
  });

  it('verifies a batch only for the recorded numbers and a valid proof; a run with unverified batches fails anchor.batches', async () => {
    const second = runs[1] as (typeof runs)[number];
    // Record the run with no batch verified.
    const recorded = await anchorRun({ bundleDir: second.bundle, connection, registry, verifyBatches: 0, poseidon });
    expect(recorded.sent.map((s) => s.what)).toEqual(['commit', 'record']);
    const key = registryKey(second.runId);
    const [b0, b1] = batchesOf(poseidon, second.manifest) as [ReturnType<typeof batchesOf>[number], ReturnType<typeof batchesOf>[number]];
    const proof = proofOf(second.bundle, 0);
    expect(await refusal('verifyBatch', [key, b0.batch, b0.dataPath, b0.awardPath, proof])).toBe('ok');
    // Another batch's sums with batch 0's proof: the statement differs.
    expect(await refusal('verifyBatch', [key, { ...b0.batch, awardSum: b0.batch.awardSum + 1n }, b0.dataPath, b0.awardPath, proof])).toBe('ProofRejected');
    // One proof coordinate changed.
    expect(await refusal('verifyBatch', [key, b0.batch, b0.dataPath, b0.awardPath, { ...proof, c: [proof.c[0], (proof.c[1] as bigint) + 1n] }])).toBe(
      'ProofRejected',
    );
    // Batch 1's proof for batch 0.
    expect(await refusal('verifyBatch', [key, b0.batch, b0.dataPath, b0.awardPath, proofOf(second.bundle, 1)])).toBe('ProofRejected');
    // A data root that is not the run's: its path does not lead to the recorded root.
    expect(await refusal('verifyBatch', [key, { ...b0.batch, dataRoot: b1.batch.dataRoot }, b0.dataPath, b0.awardPath, proof])).toBe('DataRootMismatch');
    expect(await refusal('verifyBatch', [key, { ...b0.batch, awardRoot: b1.batch.awardRoot }, b0.dataPath, b0.awardPath, proof])).toBe('AwardRootMismatch');

    const checked = await checkAnchor({ manifest: second.manifest, connection, registry, poseidon });
    expect(failed(checked)).toEqual(['anchor.batches']);
    const owner = await verifyReceipt(second.bundle, firstReceipt(second.bundle), poseidon, { anchor: { connection, registry }, allowDemoBeacon: true });
    expect(owner.failures).toEqual([expect.stringMatching(/^chain: anchor\.batches: \d+ of \d+ batches not verified on chain/)]);
    const count = second.manifest.batches.length;
    expect(checked.checks.find((c) => c.name === 'anchor.batches')?.failures[0]).toMatch(new RegExp(`^${count} of ${count} batches not verified on chain`));
  });

  it('anvil killed mid-anchor and restarted from its state: the run resumed with its anchor stage completes, every batch verified once', async () => {
    const second = runs[1] as (typeof runs)[number];
    const killed = anchorRun({
      bundleDir: second.bundle,
      connection,
      registry,
      verifyBatches: 'all',
      poseidon,
      progress: (line) => {
        if (line.startsWith('batch 0:')) chain?.process.kill('SIGKILL');
      },
    });
    await expect(killed).rejects.toThrow(ChainError);
    await chain?.stop();
    await startChain();
    // `stones run --resume RUN --rpc URL`'s path: the stages after commit again, the anchor stage last.
    const database = await openDatabase(join(dir, 'stones.duckdb'));
    const hasher = new HashPool({ threads: 1 });
    process.env.STONES_CHAIN_KEY = DEV_CHAIN_KEY;
    try {
      const resumed = await resumeRun(database.connection, {
        runId: second.runId,
        formula: await loadFormula(join(dir, 'formula.json')),
        outDir: out,
        hasher,
        poseidon,
        prove: { artifactsDir: SMALL_CIRCUIT_ARTIFACTS },
        anchor: { rpcUrl: connection.rpcUrl, registry },
      });
      expect(resumed.verification?.ok).toBe(true);
      // What the restarted chain lacked was sent again (its state is written every second: the commit and record may be among it).
      expect(resumed.anchor?.sent.some((s) => s.what.startsWith('batch '))).toBe(true);
      expect(resumed.anchor?.anchor.batches.length).toBe(second.manifest.batches.length);
    } finally {
      delete process.env.STONES_CHAIN_KEY;
      database.close();
      await hasher.close();
      await releaseSnarkjsCurve();
    }
    const all = second.manifest.batches.map((b) => b.batch);
    expect(await batchVerifiedEvents(second.runId)).toEqual(all);
    expect(anchorFileOf(second.bundle).batches.map((b) => b.batch)).toEqual(all);
    expect((await checkAnchor({ manifest: second.manifest, connection, registry, poseidon })).ok).toBe(true);
  });

  it('a chain that is down fails the anchor with one line; a key file others can read is refused; the key is never printed', async () => {
    const [first] = runs as [(typeof runs)[number]];
    const down = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir, '--rpc', `http://127.0.0.1:${await freePort()}`], {
      env: env(),
    });
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/^stones: chain: no chain answers at http:\/\/127\.0\.0\.1:\d+: .+\n$/);

    const missing = runCli(['anchor', '--run', 'no-such-run', '--out', out, '--chain-dir', chainDir, '--rpc', connection.rpcUrl], { env: env() });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`stones: usage: no published run no-such-run in ${out}: publish and prove it first\n`);

    const keyFile = join(dir, 'sender.key');
    writeFileSync(keyFile, `${DEV_CHAIN_KEY}\n`);
    chmodSync(keyFile, 0o644);
    const open = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir, '--rpc', connection.rpcUrl, '--key', keyFile]);
    expect(open.status).toBe(2);
    expect(open.stderr).toBe(`stones: usage: the key file ${keyFile} can be read by others (mode 0644): chmod 600 ${keyFile}\n`);
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, `0x${'0'.repeat(64)}\n`);
    const zero = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir, '--rpc', connection.rpcUrl, '--key', keyFile]);
    expect(zero.stderr).toBe(
      `stones: usage: the key file ${keyFile} does not hold a valid private key (it must be from 1 to the secp256k1 group order minus 1)\n`,
    );
    writeFileSync(keyFile, `${DEV_CHAIN_KEY}\n`);
    const fine = runCli(['anchor', '--run', first.runId, '--out', out, '--chain-dir', chainDir, '--rpc', connection.rpcUrl, '--key', keyFile]);
    expect(fine.status, fine.stderr).toBe(0);
    const secret = DEV_CHAIN_KEY.slice(2);
    for (const text of [
      down.stdout,
      down.stderr,
      open.stdout,
      open.stderr,
      fine.stdout,
      fine.stderr,
      readFileSync(join(first.bundle, 'anchor.json'), 'utf8'),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a correction replaces a run: the replaced run fails anchor.commitment, and a replaced run that was never recorded cannot be, and its replacement fails as a redraw', async () => {
    const [first] = runs as [(typeof runs)[number]];
    const abi = registryArtifact().abi;
    const send = async (functionName: string, args: readonly unknown[]) => {
      const hash = await connection.wallet?.writeContract({
        address: registry,
        abi,
        functionName,
        args,
        chain: connection.chain,
        account: connection.wallet.account,
      });
      await connection.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
    };
    const commitment = commitmentOf(first.manifest, first.manifest.proofs?.circuit as string);
    await send('commitRun', [{ ...commitment, runId: `${first.runId}-correction`, replaces: registryKey(first.runId) }]);
    const checked = await checkAnchor({ manifest: first.manifest, connection, registry, poseidon });
    expect(failed(checked)).toEqual(['anchor.commitment']);
    expect(checked.checks.find((c) => c.name === 'anchor.commitment')?.failures[0]).toMatch(/this run was replaced by a correction$/);

    await send('commitRun', [{ ...commitment, runId: 'never recorded', period: '2031-01' }]);
    await send('commitRun', [{ ...commitment, runId: 'its correction', period: '2031-01', replaces: registryKey('never recorded') }]);
    const outcome = {
      pool: 10n,
      totalNoisy: 1n,
      totalAwards: 10n,
      remainder: 0n,
      beacon: 1n,
      awardRoot: 1n,
      drawTotal: 0n,
      drawOffset: 0n,
      manifestSha256: registryKey('m'),
    };
    expect(await refusal('recordRun', [registryKey('never recorded'), outcome])).toBe('Replaced');
    // A run that replaces one never recorded is a redraw of the beacon: the replacing run fails anchor.commitment saying so.
    const redraw = await checkAnchor({ manifest: { ...first.manifest, run_id: 'its correction', period: '2031-01' }, connection, registry, poseidon });
    expect(redraw.checks.find((c) => c.name === 'anchor.commitment')?.failures).toContainEqual(
      expect.stringMatching(
        /^this run replaces run key 0x[0-9a-f]{64}, committed at \S+ and never recorded: its beacon was drawn and its outcome set aside \(a redraw\)$/,
      ),
    );
    expect(await refusal('recordRun', [registryKey('its correction'), outcome])).toBe('ok');
    // The draw offset is computed on chain from the beacon and the period: another U is refused.
    expect(await refusal('recordRun', [registryKey('its correction'), { ...outcome, drawTotal: 1000n, drawOffset: 1001n }])).toBe('DrawOffsetMismatch');
    const u = poseidon.hash([outcome.beacon, drawTag('2031-01')]) & ((1n << 128n) - 1n);
    expect(await refusal('recordRun', [registryKey('its correction'), { ...outcome, drawTotal: 1000n, drawOffset: u % 1000n }])).toBe('ok');
  });
});
