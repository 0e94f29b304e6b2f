import type { BulkHasher } from '../../commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { KNOWN_DRAND_NETWORKS, type DrandChain } from '../../drand/index.js';
import type { ManifestDataRootAnchor } from '../../formats/index.js';
import type { Formula } from '../../scoring/formula.js';
import { BUNDLE_CHECKS, type BundleCheckResult } from './bundle-checks.js';
import type { BundleSource } from './bundle-source.js';
import { checkAwardsFile } from './check-awards-file.js';
import { checkBatches } from './check-batches.js';
import { checkBeacon } from './check-beacon.js';
import { checkDraw } from './check-draw.js';
import { checkFormula } from './check-formula.js';
import { CheckLog } from './check-log.js';
import { checkPrevious } from './check-previous.js';
import { checkProofs, type ProofProgress } from './check-proofs.js';
import { checkStatistics } from './check-statistics.js';
import { type CeremonyKey, checkVerificationKey } from './check-verification-key.js';
import { readBundle, readManifestOf } from './read-bundle.js';

export interface VerifyBundleFilesOptions {
  poseidon: PoseidonHasher;
  /** Award leaves, batch and top trees: a HashPool for big bundles, serialBulkHasher(poseidon) anywhere. */
  hasher: BulkHasher;
  /** SHA-256 of the formula the regulator holds as published (checked when given). */
  publishedFormulaSha256?: string;
  /**
   * The ceremony's verification key that the bundle's key must equal: the key itself, or a
   * lookup by the bundle's formula (its circuit instance). Without it the check fails: a key
   * from another setup would let whoever ran it prove anything.
   */
  ceremonyKey?: CeremonyKey | ((formula: Formula | undefined) => CeremonyKey | { missing: string });
  /** The previous period's bundle: the release this one carries its remainder from. */
  previous?: BundleSource;
  onProofProgress?: (progress: ProofProgress) => void;
  /** Accept the demo beacon (or one given by hand) with a note instead of failing beacon.authenticated: for demo runs only. */
  allowDemoBeacon?: boolean;
  /**
   * Release snarkjs's multi-threaded curve when done (default), so it does not hold the process
   * open; a process verifying many bundles keeps it and releases it once (releaseSnarkjsCurve).
   */
  releaseCurve?: boolean;
}

export interface BundleVerification {
  /** Where the bundle was read from (its folder, for a bundle on disk). */
  bundleDir: string;
  runId?: string;
  period?: string;
  users?: number;
  batches?: number;
  circuit?: string;
  demoBeacon?: boolean;
  /** The drand round the beacon is, when it is one, and the network formula.json pins (a known one by name, else its key to compare). */
  drandRound?: number;
  drandNetwork?: string;
  /** Where the manifest says the data root was anchored before the beacon (the operator's word until --rpc checks it). */
  dataRootAnchor?: ManifestDataRootAnchor;
  /** The period's draw as the manifest publishes it (checked by the draw.* checks). */
  draw?: { stones: string; stonesWon: string; entries: string; total: string; offset: string };
  /** The release the run carries on from (null for a first period), and whether its bundle was given to check the link. */
  previous?: { runId: string; period: string; checked: boolean } | null;
  /** The ceremony key the proofs were checked against, when there was one. */
  ceremonyKeyPath?: string;
  proofsVerified: number;
  checks: BundleCheckResult[];
  /** True when every check passed or had nothing to check (a check that could not run is not a pass). */
  ok: boolean;
  ms: number;
}

/** A known network by name; another by its key, for the regulator to compare with the network's published /info. */
function drandNetworkName(chain: DrandChain): string {
  const known = KNOWN_DRAND_NETWORKS[chain.chain_hash];
  return known?.public_key === chain.public_key ? known.name : `drand chain ${chain.chain_hash.slice(0, 12)}… with key ${chain.public_key}`;
}

/**
 * Everything a regulator can check of a public bundle, with no database, no private data and
 * no file system (the bundle comes through a BundleSource): this runs in a browser. Every
 * check runs (one failing does not hide the others); checks whose inputs could not be read
 * are skipped with the reason.
 */
export async function verifyBundleFiles(source: BundleSource, options: VerifyBundleFilesOptions): Promise<BundleVerification> {
  const started = performance.now();
  const log = new CheckLog();
  const bundle = await readBundle(source, log);
  const { manifest } = bundle;
  let proofsVerified = 0;
  const given = options.ceremonyKey;
  const ceremony =
    given === undefined
      ? { missing: 'no ceremony verification key was given to check the bundle key against' }
      : typeof given === 'function'
        ? given(bundle.formula)
        : given;
  if (manifest === undefined) {
    for (const { name } of BUNDLE_CHECKS) if (!name.endsWith('.format')) log.skip(name, 'manifest.json could not be read');
  } else {
    checkFormula(log, manifest, bundle.formula, options.poseidon, options.publishedFormulaSha256);
    checkBeacon(log, manifest, bundle.formula, options.allowDemoBeacon ?? false);
    const previous = options.previous;
    checkPrevious(log, manifest, previous === undefined ? undefined : { dir: previous.location, ...(await readManifestOf(previous)) });
    await checkBatches(log, manifest, options.hasher);
    checkDraw(log, manifest, bundle.formula, options.poseidon);
    await checkAwardsFile(log, manifest, bundle.awards, options.hasher);
    checkStatistics(log, manifest, bundle.formula, bundle.stats);
    checkVerificationKey(log, manifest, bundle, ceremony);
    const key = 'key' in ceremony ? ceremony.key : bundle.verificationKey;
    proofsVerified = await checkProofs(log, manifest, bundle, options.poseidon, key, options.onProofProgress, options.releaseCurve ?? true);
  }
  const checks = log.results();
  return {
    bundleDir: source.location,
    runId: manifest?.run_id,
    period: manifest?.period,
    users: manifest?.users,
    batches: manifest?.batches.length,
    circuit: manifest?.proofs?.circuit,
    demoBeacon: manifest?.beacon.demo,
    drandRound: manifest?.beacon.drand?.round,
    drandNetwork: bundle.formula?.beacon === undefined ? undefined : drandNetworkName(bundle.formula.beacon.drand),
    dataRootAnchor: manifest?.data_root_anchor,
    draw:
      manifest === undefined
        ? undefined
        : {
            stones: manifest.draw.stones,
            stonesWon: manifest.draw.stones_won,
            entries: manifest.draw.entries,
            total: manifest.draw.total,
            offset: manifest.draw.offset,
          },
    previous:
      manifest === undefined
        ? undefined
        : manifest.previous === null
          ? null
          : { runId: manifest.previous.run_id, period: manifest.previous.period, checked: options.previous !== undefined },
    ceremonyKeyPath: 'path' in ceremony ? ceremony.path : undefined,
    proofsVerified,
    checks,
    ok: checks.every((check) => check.status === 'passed' || (check.status === 'skipped' && check.nothingToCheck === true)),
    ms: performance.now() - started,
  };
}
