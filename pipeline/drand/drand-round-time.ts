import type { DrandChain } from './drand-chain.js';

/** Unix seconds at which a round is produced: round 1 at genesis, one round a period. */
export function drandRoundTime(chain: Pick<DrandChain, 'genesis_time' | 'period'>, round: number): number {
  return chain.genesis_time + (round - 1) * chain.period;
}

/**
 * The first round produced at or after a time: the one a run takes, given its anchor's block
 * time plus the formula's margin. Nobody could have seen that round when the data root was
 * anchored, and the rule leaves the operator no round to choose.
 */
export function firstDrandRoundAtOrAfter(chain: Pick<DrandChain, 'genesis_time' | 'period'>, unixSeconds: number): number {
  if (unixSeconds <= chain.genesis_time) return 1;
  return Math.ceil((unixSeconds - chain.genesis_time) / chain.period) + 1;
}
