// snarkjs ships no types; only what stones uses is declared. (`wtns` is declared by
// test/circuits/support/snarkjs.d.ts; it is left out here so the two declarations merge.)
declare module 'snarkjs' {
  /** snarkjs reports progress through a logger with these methods (all optional in practice). */
  interface SnarkjsLogger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
    /** Called by powersoftau_new for progress at power 16 and above. */
    log(message: string): void;
  }

  interface SnarkjsCurve {
    terminate(): Promise<void>;
  }

  interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }

  /** Contribution hashes are 64-byte BLAKE2b digests. */
  export const powersOfTau: {
    newAccumulator(curve: SnarkjsCurve, power: number, fileName: string, logger?: SnarkjsLogger): Promise<Uint8Array>;
    contribute(oldPtau: string, newPtau: string, name: string, entropy: string, logger?: SnarkjsLogger): Promise<Uint8Array>;
    /** Resolves to false (after logging an error) on a bad beacon or iteration count. */
    beacon(
      oldPtau: string,
      newPtau: string,
      name: string,
      beaconHashHex: string,
      numIterationsExp: number,
      logger?: SnarkjsLogger,
    ): Promise<Uint8Array | false>;
    preparePhase2(oldPtau: string, newPtau: string, logger?: SnarkjsLogger): Promise<void>;
  };

  export const zKey: {
    /** Resolves to the circuit hash, or -1 (after logging an error) when the ptau does not fit. */
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: SnarkjsLogger): Promise<Uint8Array | -1>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: SnarkjsLogger): Promise<Uint8Array>;
    beacon(
      oldZkey: string,
      newZkey: string,
      name: string,
      beaconHashHex: string,
      numIterationsExp: number,
      logger?: SnarkjsLogger,
    ): Promise<Uint8Array | false>;
    exportVerificationKey(zkey: string | { type: 'mem'; data?: Uint8Array }, logger?: SnarkjsLogger): Promise<Record<string, unknown>>;
  };

  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: string | { type: 'mem'; data?: Uint8Array },
      zkey: string | { type: 'mem'; data?: Uint8Array },
      logger?: SnarkjsLogger,
      wtnsCalcOptions?: unknown,
      proverOptions?: { singleThread?: boolean },
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(verificationKey: Record<string, unknown>, publicSignals: readonly string[], proof: Groth16Proof, logger?: SnarkjsLogger): Promise<boolean>;
  };

  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<SnarkjsCurve>;
  };
}
