/** What one step of the ceremony did, as recorded in the transcript. */
export type CeremonyStepKind = 'new' | 'contribution' | 'beacon' | 'prepare' | 'setup' | 'export';

export interface CeremonyStep {
  phase: 1 | 2;
  kind: CeremonyStepKind;
  /** The contributor's name (given to snarkjs and stored in the ptau/zkey), or who ran a step with no secret. */
  who: string;
  /** When the step finished (ISO 8601, UTC). */
  at: string;
  seconds: number;
  /** Hex; see hashOf. */
  hash: string;
  /**
   * What `hash` is: snarkjs's BLAKE2b-512 hash for new (first challenge), contribution and beacon
   * (response hash) and setup (circuit hash); the SHA-256 of the output file for prepare and export,
   * which snarkjs reports no hash for.
   */
  hashOf: 'first-challenge' | 'contribution-response' | 'circuit' | 'output-sha256';
  /** SHA-256 of the file the step wrote. */
  outputSha256: string;
}

/** One progress line for the person running the ceremony. */
export type CeremonyProgress = (line: string) => void;

export interface PublicBeacon {
  /** Even-length hex, 1 to 255 bytes, no 0x. */
  hex: string;
  /** snarkjs applies 2^iterationsExp hash iterations to the beacon. */
  iterationsExp: number;
  /** True when no beacon was given and the built-in placeholder was used. */
  demo: boolean;
}

export interface FileRecord {
  file: string;
  bytes: number;
  sha256: string;
}

export interface CeremonyTranscript {
  circuit: string;
  curve: 'bn128';
  power: number;
  r1cs: {
    sha256: string;
    constraints: number;
    wires: number;
    publicInputs: number;
    publicOutputs: number;
    privateInputs: number;
  };
  beacon: PublicBeacon;
  tool: string;
  startedAt: string;
  finishedAt: string;
  steps: CeremonyStep[];
  artifacts: {
    wasm: FileRecord;
    zkey: FileRecord;
    verificationKey: FileRecord;
  };
}
