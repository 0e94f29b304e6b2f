export declare const REPO_ROOT: string;

export interface BuiltCircuit {
  name: string;
  outDir: string;
  r1csPath: string;
  wasmPath: string;
  symPath: string;
  nonLinearConstraints: number | undefined;
  linearConstraints: number | undefined;
  wires: number | undefined;
  /** Wall-clock compile time. */
  seconds: number;
  /** circom2's stdout and stderr. */
  output: string;
}

export declare function buildCircuit(options: {
  source: string;
  outDir?: string;
  optimize?: 'O0' | 'O1' | 'O2';
  sym?: boolean;
  /** Compile the witness generator too (default true); without it, wasmPath names no file. */
  wasm?: boolean;
}): Promise<BuiltCircuit>;
