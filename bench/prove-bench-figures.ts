/** What `stones bench prove` measured for one circuit (batch or baseline), nothing derived. */
export interface ProveBenchSide {
  circuit: string;
  /** From the ceremony transcript circuits/ceremony/<circuit>.json, when there is one. */
  constraints: number | undefined;
  usersPerProof: number;
  /** Counted proofs (warm-up proofs excluded) and the users they prove. */
  proofs: number;
  users: number;
  /** Wall time of the counted proofs, all prover threads working. */
  wallSeconds: number;
  /** Witness plus proof time in a worker, mean over the counted proofs. */
  proofSeconds: number;
  /** groth16.verify calls timed (warm-up excluded), and their mean time. */
  verifications: number;
  verifyMs: number;
}

export interface ProveBenchResult {
  coins: number;
  /** Prover worker threads of each pool (one proof per thread at a time). */
  threads: number;
  /** Proofs of each circuit run first and not counted. */
  warmUpProofs: number;
  batch: ProveBenchSide;
  baseline: ProveBenchSide;
}

/** What the issue asks the figures to be scaled to. */
export const REGULATOR_USERS = 10_000;
export const FLEET_USERS = 1_000_000;
export const NIGHT_HOURS = 8;
export const GOAL_RATIO = 5;

export interface ProveBenchSideFigures {
  usersPerSecond: number;
  secondsPerUser: number;
  /** Proofs a regulator checks for REGULATOR_USERS users, and the time, scaled from verifyMs. */
  proofsPer10kUsers: number;
  verifySecondsPer10kUsers: number;
  /** Hours one worker (this machine's `threads` prover threads) needs for FLEET_USERS users. */
  workerHoursPerFleet: number;
  /** Such workers needed to prove FLEET_USERS users within NIGHT_HOURS. */
  workersForNight: number;
}

export interface ProveBenchFigures {
  batch: ProveBenchSideFigures;
  baseline: ProveBenchSideFigures;
  /** Batch users per second over baseline users per second. */
  ratio: number;
  goalMet: boolean;
}

function sideFigures(side: ProveBenchSide): ProveBenchSideFigures {
  const usersPerSecond = side.users / side.wallSeconds;
  const proofsPer10kUsers = Math.ceil(REGULATOR_USERS / side.usersPerProof);
  const workerHoursPerFleet = FLEET_USERS / usersPerSecond / 3600;
  return {
    usersPerSecond,
    secondsPerUser: side.wallSeconds / side.users,
    proofsPer10kUsers,
    verifySecondsPer10kUsers: (proofsPer10kUsers * side.verifyMs) / 1000,
    workerHoursPerFleet,
    workersForNight: Math.ceil(workerHoursPerFleet / NIGHT_HOURS),
  };
}

/** The derived figures: rates, the ratio, verification per 10,000 users, workers for 1,000,000 users. */
export function proveBenchFigures(result: ProveBenchResult): ProveBenchFigures {
  const batch = sideFigures(result.batch);
  const baseline = sideFigures(result.baseline);
  const ratio = batch.usersPerSecond / baseline.usersPerSecond;
  return { batch, baseline, ratio, goalMet: ratio >= GOAL_RATIO };
}

const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Three significant digits, without scientific notation. */
const sig3 = (value: number): string => (value >= 100 ? int(value) : value.toPrecision(3));

export function formatProveBench(r: ProveBenchResult): string {
  const f = proveBenchFigures(r);
  const line = (label: string, side: ProveBenchSide, figures: ProveBenchSideFigures): string =>
    `${label} ${side.circuit} (${side.constraints === undefined ? '?' : int(side.constraints)} constraints, ` +
    `${side.usersPerProof} user${side.usersPerProof === 1 ? '' : 's'} a proof): ${side.proofs} proofs, ${side.users} users in ${fixed(side.wallSeconds, 1)} s wall; ` +
    `${fixed(side.proofSeconds, 2)} s a proof in a worker, ${fixed(figures.secondsPerUser, 2)} s a user, ${sig3(figures.usersPerSecond)} users/s`;
  return [
    `prove bench: n = ${r.coins} coins; ${r.threads} prover thread(s) for each circuit (ProverPool, snarkjs single-threaded in each), ` +
      `${r.warmUpProofs} warm-up proof(s) of each not counted; batch and baseline proofs alternate in two rounds`,
    line('batch:   ', r.batch, f.batch),
    line('baseline:', r.baseline, f.baseline),
    `ratio: the batch proof proves ${fixed(f.ratio, 2)}x the baseline's users per second (goal: at least ${GOAL_RATIO}x, ${f.goalMet ? 'met' : 'NOT met'})`,
    `regulator's verification (snarkjs groth16.verify in this process): batch ${fixed(r.batch.verifyMs, 2)} ms a proof (mean of ${r.batch.verifications}), ` +
      `baseline ${fixed(r.baseline.verifyMs, 2)} ms a proof (mean of ${r.baseline.verifications})`,
    `  per ${int(REGULATOR_USERS)} users, scaled from the measured time per proof: batch ${int(f.batch.proofsPer10kUsers)} proofs, ${fixed(f.batch.verifySecondsPer10kUsers, 1)} s; ` +
      `baseline ${int(f.baseline.proofsPer10kUsers)} proofs, ${fixed(f.baseline.verifySecondsPer10kUsers, 1)} s`,
    `${int(FLEET_USERS)} users at these rates, one worker being this machine's ${r.threads} prover thread(s): ` +
      `batch ${fixed(f.batch.workerHoursPerFleet, 1)} worker-hours, so ${int(f.batch.workersForNight)} workers prove a night's run in ${NIGHT_HOURS} hours; ` +
      `baseline ${fixed(f.baseline.workerHoursPerFleet, 1)} worker-hours, ${int(f.baseline.workersForNight)} workers`,
  ].join('\n');
}
