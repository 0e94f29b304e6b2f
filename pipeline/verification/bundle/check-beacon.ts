import { fieldFromHex } from '../../commitments/field-encoding.js';
import { BN254_FIELD_MODULUS } from '../../commitments/poseidon/poseidon-hasher.js';
import { drandRoundFault, drandRoundTime, firstDrandRoundAtOrAfter, knownNetworkMismatch } from '../../drand/index.js';
import type { Manifest } from '../../formats/index.js';
import type { Formula } from '../../scoring/formula.js';
import type { CheckLog } from './check-log.js';

/** A time for a message; the manifest bounds rounds and block times, this never throws anyway. */
const isoOf = (unixSeconds: number) => {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? `${unixSeconds} s` : date.toISOString();
};

/**
 * Chains whose block times their operator sets at will (anvil and hardhat, geth --dev and
 * ganache): an anchor there fixes nothing, so it passes only as a demo.
 */
const DEVELOPMENT_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

/**
 * The noise is only unpredictable if nobody chose the beacon: it must be the randomness of a
 * round of the drand network the formula pins (its BLS signature checked offline against the
 * pinned key), and that round must be the first one produced at least the formula's margin
 * after the block that anchored the data root, so the data were fixed before anyone could know
 * the round and the operator had no round to pick. The demo beacon, or one given by hand, fails
 * unless the verifier allows it (--allow-demo-beacon); then it is a note.
 */
export function checkBeacon(log: CheckLog, manifest: Manifest, formula: Formula | undefined, allowDemoBeacon: boolean): void {
  checkRecordedOrder(log, manifest);
  const drand = manifest.beacon.drand;
  if (drand === undefined) {
    const what = manifest.beacon.demo
      ? 'the demo beacon, derived from the data root (anyone, the operator first, could predict it)'
      : 'a beacon given by hand, not a drand round';
    if (allowDemoBeacon) {
      log.notApplicable('beacon.authenticated', `${what}: accepted with --allow-demo-beacon, for a demo only`);
    } else {
      log.fail('beacon.authenticated', `the beacon is ${what}; a period's beacon is a drand round (--allow-demo-beacon accepts it for a demo)`);
    }
    return;
  }
  if (formula === undefined) {
    log.skip('beacon.authenticated', 'formula.json could not be read: no pinned drand key');
    log.skip('beacon.after_commitment', 'formula.json could not be read: no drand network');
    return;
  }
  const pinned = formula.beacon;
  if (pinned === undefined) {
    log.fail('beacon.authenticated', `the beacon names drand round ${drand.round}, but formula.json pins no drand network to check it against`);
    return;
  }
  if (manifest.beacon.demo) log.fail('beacon.authenticated', 'the beacon is marked demo but names a drand round');
  const impostor = knownNetworkMismatch(pinned.drand);
  if (impostor !== undefined) log.fail('beacon.authenticated', impostor);
  if (drand.chain_hash !== pinned.drand.chain_hash) {
    log.fail('beacon.authenticated', `the round is of drand chain ${drand.chain_hash}, the formula pins ${pinned.drand.chain_hash}`);
  }
  const fault = drandRoundFault(pinned.drand, drand);
  if (fault !== undefined) log.fail('beacon.authenticated', fault);
  if (BigInt(`0x${drand.randomness}`) % BN254_FIELD_MODULUS !== fieldFromHex(manifest.beacon.value)) {
    log.fail('beacon.authenticated', `beacon.value is not the round's randomness modulo the BN254 field`);
  }

  const anchor = manifest.data_root_anchor;
  if (anchor === undefined) {
    log.fail('beacon.after_commitment', 'the manifest names no chain block that anchored the data root before the beacon (data_root_anchor)');
    return;
  }
  const due = firstDrandRoundAtOrAfter(pinned.drand, anchor.block_time + pinned.margin_seconds);
  const roundAt = isoOf(drandRoundTime(pinned.drand, drand.round));
  const dueAfter = `the first round at least ${pinned.margin_seconds} s after the anchor block ${anchor.block_number} (${isoOf(anchor.block_time)}) is round ${due}`;
  if (drand.round < due) log.fail('beacon.after_commitment', `round ${drand.round} was produced at ${roundAt}, too early: ${dueAfter}`);
  if (drand.round > due)
    log.fail('beacon.after_commitment', `round ${drand.round} (${roundAt}) is not the round due: ${dueAfter}, and the beacon is no one's pick`);
  if (DEVELOPMENT_CHAIN_IDS.has(anchor.chain_id)) {
    const what = `the data root was anchored on a development chain (chain id ${anchor.chain_id}), whose block times its operator sets`;
    if (allowDemoBeacon) log.notApplicable('beacon.after_commitment', `${what}: accepted with --allow-demo-beacon, for a demo only`);
    else log.fail('beacon.after_commitment', `${what}; a period's anchor is on a public chain (--allow-demo-beacon accepts it for a demo)`);
  }
}

/** The times the operator recorded (its database's clock) must at least be in order. */
function checkRecordedOrder(log: CheckLog, manifest: Manifest): void {
  const committed = Date.parse(manifest.data_root_recorded_at);
  const beacon = Date.parse(manifest.beacon.recorded_at);
  if (Number.isNaN(committed)) log.fail('beacon.after_commitment', `data_root_recorded_at is not a time: ${manifest.data_root_recorded_at}`);
  if (Number.isNaN(beacon)) log.fail('beacon.after_commitment', `beacon.recorded_at is not a time: ${manifest.beacon.recorded_at}`);
  if (!Number.isNaN(committed) && !Number.isNaN(beacon) && beacon < committed) {
    log.fail('beacon.after_commitment', `the beacon was recorded at ${manifest.beacon.recorded_at}, before the data root (${manifest.data_root_recorded_at})`);
  }
}
