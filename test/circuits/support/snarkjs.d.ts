// snarkjs ships no types; only what the circuit tests use is declared.
declare module 'snarkjs' {
  interface MemFile {
    type: 'mem';
    data?: Uint8Array;
  }
  export const wtns: {
    calculate(input: Record<string, unknown>, wasmFile: string | MemFile, wtnsFile: MemFile): Promise<void>;
  };
}
