import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChain, DEV_CHAIN_KEY, freePort, type ChainConnection } from '../../../pipeline/anchoring/index.js';
import { anvilBinary } from '../../../pipeline/anchoring/anvil-binary.js';
import { deployRegistry } from '../../../pipeline/anchoring/registry-deployment.js';
import { drandRoundTime, type DrandChain, type DrandRound } from '../../../pipeline/drand/index.js';
import { serialBulkHasher } from '../../../pipeline/commitments/serial-bulk-hasher.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import type { Manifest } from '../../../pipeline/formats/index.js';
import { releaseSnarkjsCurve } from '../../../pipeline/proving/ceremony/index.js';
import { verifyBundle } from '../../../pipeline/verification/node/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { localDrand, QUICKNET_ROUNDS } from '../../support/local-drand.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';

// The authenticated beacon, end to end with `stones run`: the data root is committed on a real
// anvil first, the beacon is the drand round due a margin after that block (fetched by
// --beacon-command, checked against the key the formula pins), and `stones verify` checks the
// round's BLS signature and its time against the anchor. One run takes a real quicknet round
// (anvil's clock set to the past so that round is the one due); one takes rounds of a key
// generated here, waiting for the round like a real client. (A demo beacon failing stones verify
// by name is test/pipeline/verification/verify-bundle.slow.test.ts's.)

const QUICKNET_ROUND = QUICKNET_ROUNDS[2] as DrandRound;
/** A sender key the test chain knows (anvil's published account 0). */
const env = { STONES_CHAIN_KEY: DEV_CHAIN_KEY };

let dir: string;
let inputs: string[];
let poseidon: PoseidonHasher;
const anvils: ChildProcess[] = [];

/**
 * A chain id that is not a development chain's: stones verify treats a local anvil under it as
 * a public chain (its block times as nobody's choice), as the real chain of a programme would be.
 */
const TEST_CHAIN_ID = 7_770_001;

/** anvil on a free port, as chain TEST_CHAIN_ID, whose clock starts at `timestamp` (a past time, to replay a published round). */
async function testChain(timestamp: number): Promise<ChainConnection> {
  const port = await freePort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(TEST_CHAIN_ID), '--timestamp', String(timestamp), '--silent'];
  const child = spawn(anvilBinary(), args, {
    stdio: 'ignore',
  });
  anvils.push(child);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await connectChain(`http://127.0.0.1:${port}`, DEV_CHAIN_KEY);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function runArgs(name: string, formula: string, extra: string[]): string[] {
  return [
    'run',
    '--input',
    ...inputs,
    '--formula',
    formula,
    '--artifacts',
    SMALL_CIRCUIT_ARTIFACTS,
    '--db',
    join(dir, `${name}.duckdb`),
    '--out',
    join(dir, name),
    ...extra,
  ];
}

function bundleOf(stdout: string, name: string): string {
  const runId = /committed: run (\S+),/.exec(stdout)?.[1];
  expect(runId, stdout).toBeDefined();
  return join(dir, name, runId as string, 'bundle');
}

function manifestOf(bundle: string): Manifest {
  return JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
}

/** A copy of a bundle with its manifest changed. */
function tampered(bundle: string, name: string, change: (manifest: Manifest) => void): string {
  const copy = join(dir, 'tampered', name);
  cpSync(bundle, copy, { recursive: true });
  const manifest = manifestOf(copy);
  change(manifest);
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return copy;
}

/** The first owner's receipt of the run a bundle is of, as the file an owner is given. */
function firstReceipt(bundle: string): string {
  const path = join(dir, `receipt-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, readFileSync(join(bundle, '..', 'receipts.jsonl'), 'utf8').split('\n')[0] as string);
  return path;
}

/** What stones verify finds of a bundle, in this process (the CLI prints the same checks): the failed checks and their lines. */
async function verifyHere(bundle: string, allowDemoBeacon = false): Promise<{ ok: boolean; failed: string[]; lines: string }> {
  const result = await verifyBundle(bundle, { poseidon, hasher: serialBulkHasher(poseidon), releaseCurve: false, allowDemoBeacon });
  const failed = result.checks.filter((check) => check.status === 'failed');
  return { ok: result.ok, failed: failed.map((check) => check.name), lines: failed.flatMap((check) => check.failures).join('\n') };
}

function failedChecks(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}FAIL {2}(\S+)/gm)].map((m) => m[1] as string);
}

async function formulaWithBeacon(name: string, beacon: { drand: DrandChain; margin_seconds: number } | undefined): Promise<string> {
  const path = await writeSmallCircuitFormula(join(dir, name));
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (beacon) json.beacon = beacon;
  writeFileSync(path, JSON.stringify(json));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-drand-'));
  for (const sub of ['quicknet', 'local', 'tampered']) mkdirSync(join(dir, sub));
  poseidon = await createPoseidon();
  ({ inputs } = await writeGeneratedInputs(dir, { users: 2, days: 31, seed: 7, start: '2026-10-01' }));
}, 60_000);

afterAll(async () => {
  await releaseSnarkjsCurve();
  for (const child of anvils) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the authenticated beacon (a drand round after the anchored data root)', () => {
  let quicknetBundle: string;
  let quicknetRpc: string;

  it('a real quicknet round: committed at the block a margin before it, the run takes that round, and stones verify checks its signature and time', async () => {
    const formula = await formulaWithBeacon('quicknet', undefined); // the published formula's: quicknet's key, 30 s margin
    const pinned = (JSON.parse(readFileSync(formula, 'utf8')) as { beacon: { drand: DrandChain; margin_seconds: number } }).beacon;
    expect(pinned.margin_seconds).toBe(30);
    const roundTime = drandRoundTime(pinned.drand, QUICKNET_ROUND.round);
    const chain = await testChain(roundTime - 3_600);
    quicknetRpc = chain.rpcUrl;
    const chainDir = join(dir, 'quicknet-chain');
    await deployRegistry(chainDir, chain);
    // The commitRun is the next transaction: its block is exactly the margin before the round.
    await chain.publicClient.request({ method: 'evm_setNextBlockTimestamp', params: [roundTime - pinned.margin_seconds] } as never);
    const client = `test "$STONES_DRAND_ROUND" = ${QUICKNET_ROUND.round} && test "$STONES_DRAND_CHAIN_HASH" = ${pinned.drand.chain_hash} && echo '${JSON.stringify(QUICKNET_ROUND)}'`;
    const run = runCli(runArgs('quicknet', formula, ['--rpc', chain.rpcUrl, '--chain-dir', chainDir, '--beacon-command', client]), { env });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`drand round ${QUICKNET_ROUND.round}`);
    expect(run.stderr).not.toMatch(/DEMO BEACON/);
    quicknetBundle = bundleOf(run.stdout, 'quicknet');
    const manifest = manifestOf(quicknetBundle);
    expect(manifest.beacon.drand).toEqual({ chain_hash: pinned.drand.chain_hash, ...QUICKNET_ROUND });
    expect(manifest.beacon.demo).toBe(false);
    expect(manifest.data_root_anchor?.block_time).toBe(roundTime - pinned.margin_seconds);
    expect(manifest.data_root_anchor?.chain_id).toBe(chain.chainId);

    const verify = runCli(['verify', quicknetBundle]);
    expect(verify.status, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^ {2}ok {4}beacon\.authenticated /m);
    expect(verify.stdout).toMatch(/^ {2}ok {4}beacon\.after_commitment /m);
    expect(verify.stdout).toContain(`beacon  drand round ${QUICKNET_ROUND.round} of quicknet\n`);
    expect(verify.stdout).toMatch(
      new RegExp(
        `^anchor  data root committed on chain ${TEST_CHAIN_ID} at registry 0x[0-9a-f]{40}, block \\d+ \\(\\S+\\): the manifest says so; --rpc checks it on the chain$`,
        'm',
      ),
    );
    const onChain = runCli(['verify', quicknetBundle, '--rpc', chain.rpcUrl]);
    expect(onChain.status, onChain.stdout).toBe(0);
    expect(onChain.stdout).toMatch(/^ {2}ok {4}anchor\.commitment /m);
    // The owner's check includes the beacon's: no flag needed for a drand round.
    const owner = runCli(['verify-receipt', quicknetBundle, firstReceipt(quicknetBundle)]);
    expect(owner.status, owner.stderr).toBe(0);
    expect(owner.stdout).not.toMatch(/DEMO/);
  });

  it('a changed signature fails beacon.authenticated, and nothing else', async () => {
    const bundle = tampered(quicknetBundle, 'signature', (m) => {
      const drand = m.beacon.drand as NonNullable<Manifest['beacon']['drand']>;
      drand.signature = `${drand.signature.slice(0, 90)}${drand.signature.slice(90) === '000000' ? '111111' : '000000'}`;
    });
    expect((await verifyHere(bundle)).failed).toEqual(['beacon.authenticated']);
    const owner = runCli(['verify-receipt', bundle, firstReceipt(quicknetBundle)]);
    expect(owner.status).toBe(1);
    expect(owner.stderr).toMatch(/^receipt FAILED: beacon: (the signature of round 10024141 does not verify|the signature or the pinned key is not a point)/m);
  });

  it('a round before the anchor (the anchor block moved after it) fails beacon.after_commitment, and the chain disagrees with the bundle', async () => {
    const early = tampered(quicknetBundle, 'early', (m) => {
      (m.data_root_anchor as NonNullable<Manifest['data_root_anchor']>).block_time += 60;
    });
    const verify = runCli(['verify', early]);
    expect(verify.status).toBe(1);
    expect(failedChecks(verify.stdout)).toEqual(['beacon.after_commitment']);
    expect(verify.stdout).toMatch(/round 10024141 was produced at 2024-08-05T\S+, too early: the first round at least 30 s after the anchor block/);
    const onChain = runCli(['verify', early, '--rpc', quicknetRpc]);
    expect(failedChecks(onChain.stdout)).toEqual(['beacon.after_commitment', 'anchor.commitment', 'anchor.manifest']);
    // An anchor on a development chain (block times its operator sets) passes only as a demo.
    const dev = tampered(quicknetBundle, 'dev-chain', (m) => {
      (m.data_root_anchor as NonNullable<Manifest['data_root_anchor']>).chain_id = 31337;
    });
    const devVerify = await verifyHere(dev);
    expect(devVerify.failed).toEqual(['beacon.after_commitment']);
    expect(devVerify.lines).toMatch(/anchored on a development chain \(chain id 31337\), whose block times its operator sets/);
    expect((await verifyHere(dev, true)).ok).toBe(true);
    // A later round than the one due is the operator's pick: refused too.
    const late = tampered(quicknetBundle, 'late', (m) => {
      (m.data_root_anchor as NonNullable<Manifest['data_root_anchor']>).block_time -= 60;
    });
    const lateVerify = await verifyHere(late);
    expect(lateVerify.failed).toEqual(['beacon.after_commitment']);
    expect(lateVerify.lines).toMatch(/is not the round due/);
  });

  it("a round of a key the formula does not pin, from the drand client, is refused before anything is drawn; the run resumes with the network's round", async () => {
    const local = localDrand({ seed: 'stones drand test', genesisTime: Math.floor(Date.now() / 1000) - 10, period: 1 });
    const forger = localDrand({ seed: 'not the network', genesisTime: local.chain.genesis_time, period: 1 });
    const formula = await formulaWithBeacon('local', { drand: local.chain, margin_seconds: 12 });
    const noble = join(REPO_ROOT, 'node_modules/@noble/curves/bls12-381.js');
    const hashes = join(REPO_ROOT, 'node_modules/@noble/hashes/sha2.js');
    // A drand client of our own: signs the asked round with the key in STONES_TEST_DRAND_KEY.
    const client = `node --input-type=module -e "
      import { bls12_381 } from '${noble}'; import { sha256 } from '${hashes}';
      const s = bls12_381.shortSignatures; const m = new Uint8Array(8); new DataView(m.buffer).setBigUint64(0, BigInt(process.env.STONES_DRAND_ROUND));
      const sig = s.sign(s.hash(sha256(m), 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_'), Buffer.from(process.env.STONES_TEST_DRAND_KEY, 'hex')).toHex();
      console.log(JSON.stringify({ round: Number(process.env.STONES_DRAND_ROUND), randomness: Buffer.from(sha256(Buffer.from(sig, 'hex'))).toString('hex'), signature: sig }));"`;
    // The local dev chain (anvil started by stones): the run's own check accepts the anchor its operator chose.
    const chainArgs = ['--anchor', '--chain-dir', join(dir, 'local-chain'), '--beacon-command', client];
    const forged = runCli(runArgs('local', formula, chainArgs), { env: { ...env, STONES_TEST_DRAND_KEY: forger.secretKeyHex } });
    expect(forged.status).not.toBe(0);
    expect(forged.stderr.trim().split('\n').at(-1)).toMatch(
      /^stones: beacon_unavailable: drand round \d+ from the beacon command is refused: the signature of round \d+ does not verify under the drand key pinned in the formula/,
    );
    const [, runId, due] = /^beacon of run (\S+): data root anchored in block \d+ at \S+; drand round (\d+)/m.exec(forged.stdout) ?? [];
    expect(runId, forged.stdout).toBeDefined();

    const where = ['--formula', formula, '--artifacts', SMALL_CIRCUIT_ARTIFACTS, '--db', join(dir, 'local.duckdb'), '--out', join(dir, 'local')];
    const resumed = runCli(['run', '--resume', runId as string, ...where, ...chainArgs], { env: { ...env, STONES_TEST_DRAND_KEY: local.secretKeyHex } });
    expect(resumed.status, resumed.stdout + resumed.stderr).toBe(0);
    const manifest = manifestOf(join(dir, 'local', runId as string, 'bundle'));
    // The same round: the anchor, and so the round due, did not change with the retry.
    expect(manifest.beacon.drand?.round).toBe(Number(due));
    expect(manifest.beacon.drand).toEqual({ chain_hash: local.chain.chain_hash, ...local.round(Number(due)) });
    expect(resumed.stdout).toMatch(/^verify: VERIFIED: /m);
    // A regulator's check does not: block times on a development chain are its operator's.
    const bundle = join(dir, 'local', runId as string, 'bundle');
    expect(failedChecks(runCli(['verify', bundle]).stdout)).toEqual(['beacon.after_commitment']);
    const verify = runCli(['verify', bundle, '--allow-demo-beacon']);
    expect(verify.status, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^ {2}ok {4}beacon\.authenticated /m);
    // A network stones does not know is shown by its key, for the regulator to compare with the network's own.
    expect(verify.stdout).toContain(`beacon  drand round ${due} of drand chain ${local.chain.chain_hash.slice(0, 12)}… with key ${local.chain.public_key}\n`);
  });
});
