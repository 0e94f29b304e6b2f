import { setTimeout as sleep } from 'node:timers/promises';
import { anchorDataRoot } from '../anchoring/anchor-data-root.js';
import { openRegistry } from '../anchoring/open-registry.js';
import { drandBeacon, drandRoundFault, drandRoundTime, firstDrandRoundAtOrAfter } from '../drand/index.js';
import type { DrandRoundFetcher } from './command-drand-round.js';
import { BeaconError, UsageError } from '../errors/index.js';
import { instanceName } from '../proving/prove/instance-name.js';
import type { BeaconSource } from './beacon-source.js';

export interface DrandBeaconSourceOptions {
  fetchRound: DrandRoundFetcher;
  progress?: (line: string) => void;
}

/**
 * The authenticated beacon: the run's data root is committed on the chain first; the beacon is
 * the first round of the formula's drand network produced at least the formula's margin after
 * that block, fetched once it is due and checked (BLS signature against the pinned key, round
 * number, randomness = SHA-256 of the signature) before anything is drawn from it. A round that
 * fails a check is a BeaconError (the relay lied or erred: the run stays unscored and a retry
 * asks again; the round it must take does not change).
 */
export function drandBeaconSource(options: DrandBeaconSourceOptions): BeaconSource {
  return async ({ runId, period, formula, connection: db, anchor: chainOptions }) => {
    const pinned = formula.beacon;
    if (pinned === undefined) throw new UsageError(`formula ${formula.id} pins no drand network (its beacon section): a drand beacon needs one`);
    if (chainOptions === undefined) {
      throw new UsageError(
        `formula ${formula.id} takes its beacon from drand after the data root is anchored on chain: give --anchor (the local dev chain) or --rpc URL`,
      );
    }
    const { drand, margin_seconds: margin } = pinned;
    const chain = await openRegistry(chainOptions);
    let anchor: Awaited<ReturnType<typeof anchorDataRoot>>;
    try {
      anchor = await anchorDataRoot(db, {
        runId,
        connection: chain.connection,
        registry: chain.registry,
        circuit: instanceName(formula),
        progress: options.progress,
      });
    } finally {
      await chain.close();
    }
    const round = firstDrandRoundAtOrAfter(drand, anchor.block_time + margin);
    const due = drandRoundTime(drand, round) * 1000 - Date.now();
    options.progress?.(
      `beacon of run ${runId}: data root anchored in block ${anchor.block_number} at ${new Date(anchor.block_time * 1000).toISOString()}; drand round ${round}${due > 0 ? `, due in ${Math.ceil(due / 1000)} s` : ''}`,
    );
    if (due > 0) await sleep(due);
    const fetched = await options.fetchRound({ chainHash: drand.chain_hash, round, runId, period });
    if (fetched.round !== round) throw new BeaconError(`the drand client gave round ${fetched.round}, not round ${round}, the first due after the anchor`);
    const fault = drandRoundFault(drand, fetched);
    if (fault !== undefined) throw new BeaconError(`drand round ${round} from the beacon command is refused: ${fault}`);
    return drandBeacon(drand.chain_hash, fetched);
  };
}
