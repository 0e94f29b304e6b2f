/** What `npm run bench -- prove` measured for one circuit (batch or baseline), nothing derived. */
export interface ProveBenchSide {
  circuit: string;
  /** From the ceremony transcript circuits/ceremony/<circuit>.json (bench/circuits/ceremony/ for the baseline), when there is one. */
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
  /** One side per batch size measured, in the order given. */
  batches: ProveBenchSide[];
  baseline: ProveBenchSide;
}

/** What the issue asks the figures to be scaled to. */
const REGULATOR_USERS = 10_000;
const FLEET_USERS = 1_000_000;
const NIGHT_HOURS = 8;
const GOAL_RATIO = 3;

interface ProveBenchSideFigures {
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

interface ProveBenchBatchFigures extends ProveBenchSideFigures {
  /** Batch users per second over baseline users per second. */
  ratio: number;
  goalMet: boolean;
}

export interface ProveBenchFigures {
  batches: ProveBenchBatchFigures[];
  baseline: ProveBenchSideFigures;
  /** The index in `batches` of the batch size that proves the most users per second. */
  best: number;
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

/** The derived figures: rates, each batch size's ratio, verification per 10,000 users, workers for 1,000,000 users. */
export function proveBenchFigures(result: ProveBenchResult): ProveBenchFigures {
  const baseline = sideFigures(result.baseline);
  const batches = result.batches.map((side) => {
    const figures = sideFigures(side);
    const ratio = figures.usersPerSecond / baseline.usersPerSecond;
    return { ...figures, ratio, goalMet: ratio >= GOAL_RATIO };
  });
  const best = batches.reduce(
    (bestIndex, figures, index) => (figures.usersPerSecond > (batches[bestIndex] as ProveBenchBatchFigures).usersPerSecond ? index : bestIndex),
    0,
  );
  return { batches, baseline, best };
}

const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Three significant digits, without scientific notation. */
const sig3 = (value: number): string => (value >= 100 ? int(value) : value.toPrecision(3));

export function formatProveBench(r: ProveBenchResult): string {
  const f = proveBenchFigures(r);
  const line = (label: string, side: ProveBenchSide, figures: ProveBenchSideFigures): string =>
    `${label} ${side.circuit} (${side.constraints === undefined ? '?' : int(side.constraints)} constraints` +
    `${side.constraints === undefined ? '' : `, ${int(side.constraints / side.usersPerProof)} an owner`}, ` +
    `${side.usersPerProof} owner${side.usersPerProof === 1 ? '' : 's'} a proof): ${side.proofs} proofs, ${side.users} owners in ${fixed(side.wallSeconds, 1)} s wall; ` +
    `${fixed(side.proofSeconds, 2)} s a proof in a worker, ${fixed(figures.secondsPerUser, 2)} s an owner, ${sig3(figures.usersPerSecond)} owners/s`;
  const best = r.batches[f.best] as ProveBenchSide;
  return [
    `prove bench: n = ${r.coins} coins; ${r.threads} prover thread(s) for each circuit (ProverPool, snarkjs single-threaded in each), ` +
      `${r.warmUpProofs} warm-up proof(s) of each not counted; batch and baseline proofs alternate in two rounds`,
    ...r.batches.map((side) => line('batch:   ', side, f.batches[r.batches.indexOf(side)] as ProveBenchSideFigures)),
    line('baseline:', r.baseline, f.baseline),
    ...r.batches.map((side, i) => {
      const figures = f.batches[i] as ProveBenchBatchFigures;
      return `ratio B = ${side.usersPerProof}: ${fixed(figures.ratio, 2)}x the baseline's owners per second (goal: at least ${GOAL_RATIO}x, ${figures.goalMet ? 'met' : 'NOT met'})`;
    }),
    ...(r.batches.length > 1 ? [`most owners per second: B = ${best.usersPerProof} (${best.circuit})`] : []),
    `regulator's verification (snarkjs groth16.verify in this process): ` +
      r.batches.map((side) => `B = ${side.usersPerProof} ${fixed(side.verifyMs, 2)} ms a proof`).join(', ') +
      `, baseline ${fixed(r.baseline.verifyMs, 2)} ms a proof (means of ${r.baseline.verifications})`,
    `  per ${int(REGULATOR_USERS)} owners, scaled from the measured time per proof: ` +
      r.batches
        .map(
          (side, i) =>
            `B = ${side.usersPerProof} ${int((f.batches[i] as ProveBenchBatchFigures).proofsPer10kUsers)} proofs, ${fixed((f.batches[i] as ProveBenchBatchFigures).verifySecondsPer10kUsers, 1)} s`,
        )
        .join('; ') +
      `; baseline ${int(f.baseline.proofsPer10kUsers)} proofs, ${fixed(f.baseline.verifySecondsPer10kUsers, 1)} s`,
    `${int(FLEET_USERS)} owners at these rates, one worker being this machine's ${r.threads} prover thread(s): ` +
      `B = ${best.usersPerProof} ${fixed((f.batches[f.best] as ProveBenchBatchFigures).workerHoursPerFleet, 1)} worker-hours, so ${int((f.batches[f.best] as ProveBenchBatchFigures).workersForNight)} workers prove a night's run in ${NIGHT_HOURS} hours; ` +
      `baseline ${fixed(f.baseline.workerHoursPerFleet, 1)} worker-hours, ${int(f.baseline.workersForNight)} workers`,
  ].join('\n');
}
