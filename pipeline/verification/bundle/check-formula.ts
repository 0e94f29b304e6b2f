import { runIdOf } from '../../commitments/run-id.js';
import { fieldFromHex } from '../../commitments/field-encoding.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { BATCH_TREE_ARITY, TOP_TREE_ARITY } from '../../commitments/run-tree-shape.js';
import type { Manifest } from '../../publishing/manifest.js';
import { formulaPoseidonHash } from '../../scoring/formula-numbers.js';
import { formulaSha256 } from '../../scoring/canonical-formula-json.js';
import { NEIGHBOUR_RELATION, scoreNoisePrivacy } from '../../scoring/score-noise-privacy.js';
import type { Formula } from '../../scoring/parse-formula.js';
import type { CheckLog } from './check-log.js';

/** Floating-point figures computed by another build may differ in the last bits. */
function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** What the manifest must repeat from the formula: its identity, batch size, privacy figures and tree shape. */
function checkFormulaTerms(log: CheckLog, manifest: Manifest, formula: Formula): void {
  const fail = (message: string): void => log.fail('manifest.formula_terms', message);
  if (manifest.formula.id !== formula.id) fail(`formula.id: the manifest says ${manifest.formula.id}, formula.json ${formula.id}`);
  if (manifest.formula.version !== formula.version) fail(`formula.version: the manifest says ${manifest.formula.version}, formula.json ${formula.version}`);
  if (manifest.batch_size !== formula.batch_size) fail(`batch_size: the manifest says ${manifest.batch_size}, formula.json ${formula.batch_size}`);
  const privacy = scoreNoisePrivacy(formula);
  const p = manifest.privacy;
  if (p.n !== formula.noise.n || p.k !== formula.noise.k)
    fail(`privacy: n ${p.n}, k ${p.k} are not the formula's noise (n ${formula.noise.n}, k ${formula.noise.k})`);
  if (p.privacy_unit !== formula.privacy_unit) fail(`privacy.privacy_unit: ${p.privacy_unit}, the formula's is ${formula.privacy_unit}`);
  if (p.neighbours !== NEIGHBOUR_RELATION) fail('privacy.neighbours: not the neighbour relation stones states');
  if (p.sensitivity !== privacy.sensitivity.toString()) fail(`privacy.sensitivity: ${p.sensitivity}, the formula gives ${privacy.sensitivity}`);
  if (p.lattice_shift !== privacy.latticeShift) fail(`privacy.lattice_shift: ${p.lattice_shift}, the formula gives ${privacy.latticeShift}`);
  // The same double by the same computation: compared exactly.
  if (p.noise_sd !== privacy.noiseSd) fail(`privacy.noise_sd: ${p.noise_sd}, the formula gives ${privacy.noiseSd}`);
  if (!close(p.epsilon, privacy.epsilon)) fail(`privacy.epsilon: ${p.epsilon}, the exact accountant gives ${privacy.epsilon} for the formula`);
  if (!close(p.target_epsilon, privacy.targetEpsilon)) fail(`privacy.target_epsilon: ${p.target_epsilon}, the formula's is ${privacy.targetEpsilon}`);
  if (!close(p.delta, privacy.delta)) fail(`privacy.delta: ${p.delta}, the formula gives ${privacy.delta}`);
  // A period's releases are all under its formula, so the n-th release has spent n times one
  // release's (epsilon, delta), and no more than the period's budget.
  const { release } = p;
  if (!close(release.period_epsilon_budget, formula.release.period_epsilon)) {
    fail(`privacy.release.period_epsilon_budget: ${release.period_epsilon_budget}, the formula's is ${formula.release.period_epsilon}`);
  }
  const spent = Math.round(release.index * privacy.epsilon * 1e4) / 1e4;
  if (!close(release.period_epsilon, spent)) {
    fail(`privacy.release.period_epsilon: ${release.period_epsilon}, release ${release.index} of the period at epsilon ${privacy.epsilon} each makes ${spent}`);
  }
  if (!close(release.period_delta, release.index * privacy.delta)) {
    fail(
      `privacy.release.period_delta: ${release.period_delta}, release ${release.index} of the period at delta ${privacy.delta} each makes ${release.index * privacy.delta}`,
    );
  }
  if (spent > formula.release.period_epsilon + 1e-9) {
    fail(`privacy.release: release ${release.index} of the period takes it to epsilon ${spent}, over its budget ${formula.release.period_epsilon}`);
  }
  const { tree } = manifest;
  if (tree.batch_arity !== BATCH_TREE_ARITY || tree.top_arity !== TOP_TREE_ARITY || fieldFromHex(tree.padding_leaf) !== 0n) {
    fail(
      `tree: batch arity ${tree.batch_arity}, top arity ${tree.top_arity}, padding ${tree.padding_leaf}; stones builds ${BATCH_TREE_ARITY}, ${TOP_TREE_ARITY}, 0`,
    );
  }
}

/**
 * The formula checks: formula.json against the manifest's two hashes (and against the
 * published formula when the regulator gives it), the terms the manifest repeats, the run id,
 * and the run's pool. `publishedSha256` is the SHA-256 of the formula the regulator holds.
 */
export function checkFormula(log: CheckLog, manifest: Manifest, formula: Formula | undefined, poseidon: PoseidonHasher, publishedSha256?: string): void {
  const runId = runIdOf({ period: manifest.period, timeZone: manifest.time_zone, formulaSha256: manifest.formula.sha256, dataRoot: manifest.data_root });
  if (runId !== manifest.run_id) log.fail('manifest.run_id', `run_id is ${manifest.run_id}, period, time zone, formula and data root give ${runId}`);
  if (publishedSha256 === undefined) log.notApplicable('formula.published', 'no --formula given');
  else if (publishedSha256 !== manifest.formula.sha256) {
    log.fail(
      'formula.published',
      `the run is under formula ${manifest.formula.sha256.slice(0, 16)}…, the published formula is ${publishedSha256.slice(0, 16)}…`,
    );
  }
  if (formula === undefined) {
    for (const name of ['formula.sha256', 'formula.poseidon', 'formula.published', 'manifest.formula_terms', 'pool'] as const)
      log.skip(name, 'formula.json could not be read');
    return;
  }
  const sha256 = formulaSha256(formula);
  if (sha256 !== manifest.formula.sha256) log.fail('formula.sha256', `formula.json hashes to ${sha256}, the manifest says ${manifest.formula.sha256}`);
  if (publishedSha256 !== undefined && sha256 !== publishedSha256) log.fail('formula.published', 'formula.json is not the published formula');
  const poseidonHash = formulaPoseidonHash(poseidon, formula);
  if (poseidonHash !== fieldFromHex(manifest.formula.poseidon)) {
    log.fail('formula.poseidon', `formula.json's Poseidon hash is 0x${poseidonHash.toString(16)}, the manifest says ${manifest.formula.poseidon}`);
  }
  checkFormulaTerms(log, manifest, formula);
  const pool = formula.pool + BigInt(manifest.carried_in);
  if (BigInt(manifest.pool) !== pool)
    log.fail('pool', `pool is ${manifest.pool}, the formula's pool ${formula.pool} + carried_in ${manifest.carried_in} = ${pool}`);
}
