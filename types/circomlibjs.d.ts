// circomlibjs ships no types; only what stones uses is declared.
declare module 'circomlibjs' {
  interface PoseidonField {
    toObject(value: Uint8Array): bigint;
  }
  interface Poseidon {
    (inputs: readonly (bigint | number)[]): Uint8Array;
    F: PoseidonField;
  }
  export function buildPoseidon(): Promise<Poseidon>;
  /** The Poseidon contract generator: creation code (0x hex) of a contract hashing nInputs (1 to 8) values. */
  export const poseidonContract: {
    createCode(nInputs: number): string;
  };
}
