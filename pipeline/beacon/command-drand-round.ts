import { BeaconError } from '../errors/beacon-error.js';
import { parseDrandRound, type DrandRound } from '../drand/index.js';
import { runBeaconCommand } from './run-beacon-command.js';

/** What a drand client is asked: one round of one network. */
interface DrandRoundRequest {
  chainHash: string;
  round: number;
  runId: string;
  period: string;
}

/** Fetches one drand round (a client of the network, or a relay: what it gives is checked, not trusted). */
export type DrandRoundFetcher = (request: DrandRoundRequest) => Promise<DrandRound>;

/**
 * A drand client behind the operator's `--beacon-command`: the command gets STONES_DRAND_ROUND,
 * STONES_DRAND_CHAIN_HASH, STONES_RUN_ID and STONES_PERIOD and prints the round as drand's HTTP
 * API does, e.g. `curl -fsS --retry 5 https://api.drand.sh/$STONES_DRAND_CHAIN_HASH/public/$STONES_DRAND_ROUND`.
 * Output that is not a round is a BeaconError.
 */
export function commandDrandRound(command: string, timeoutMs?: number): DrandRoundFetcher {
  return async ({ chainHash, round, runId, period }) => {
    const text = await runBeaconCommand(
      command,
      { STONES_DRAND_ROUND: String(round), STONES_DRAND_CHAIN_HASH: chainHash, STONES_RUN_ID: runId, STONES_PERIOD: period },
      timeoutMs,
    );
    try {
      return parseDrandRound(text);
    } catch (error) {
      throw new BeaconError(`the beacon command ${JSON.stringify(command)} printed ${(error as Error).message}`);
    }
  };
}
