import { readFileSync } from 'node:fs';

/**
 * Just enough of the iden3 binary formats (r1cs, wtns, sym) to check a witness against the
 * constraints of a circuit by hand: for every constraint, <A,w> * <B,w> = <C,w> mod p.
 * Coefficients in .r1cs and values in .wtns are little-endian integers in standard form.
 */

interface LinearCombination {
  wires: number[];
  coefficients: bigint[];
}

export interface R1cs {
  prime: bigint;
  nWires: number;
  nPublicOutputs: number;
  nPublicInputs: number;
  nPrivateInputs: number;
  constraints: [LinearCombination, LinearCombination, LinearCombination][];
}

function sections(bytes: Uint8Array, magic: string): Map<number, { start: number; size: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new TextDecoder().decode(bytes.subarray(0, 4));
  if (found !== magic) throw new Error(`not a ${magic} file (magic ${JSON.stringify(found)})`);
  const count = view.getUint32(8, true);
  const result = new Map<number, { start: number; size: number }>();
  let offset = 12;
  for (let i = 0; i < count; i++) {
    const type = view.getUint32(offset, true);
    const size = Number(view.getBigUint64(offset + 4, true));
    result.set(type, { start: offset + 12, size });
    offset += 12 + size;
  }
  return result;
}

function readLittleEndian(bytes: Uint8Array, start: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[start + i] as number);
  return value;
}

function section(all: Map<number, { start: number; size: number }>, type: number, what: string): { start: number; size: number } {
  const found = all.get(type);
  if (!found) throw new Error(`${what}: section ${type} missing`);
  return found;
}

export function readR1cs(path: string): R1cs {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const all = sections(bytes, 'r1cs');
  const header = section(all, 1, path);
  let offset = header.start;
  const n8 = view.getUint32(offset, true);
  const prime = readLittleEndian(bytes, offset + 4, n8);
  offset += 4 + n8;
  const nWires = view.getUint32(offset, true);
  const nPublicOutputs = view.getUint32(offset + 4, true);
  const nPublicInputs = view.getUint32(offset + 8, true);
  const nPrivateInputs = view.getUint32(offset + 12, true);
  const nConstraints = view.getUint32(offset + 24, true);

  offset = section(all, 2, path).start;
  const readCombination = (): LinearCombination => {
    const terms = view.getUint32(offset, true);
    offset += 4;
    const wires: number[] = [];
    const coefficients: bigint[] = [];
    for (let t = 0; t < terms; t++) {
      wires.push(view.getUint32(offset, true));
      coefficients.push(readLittleEndian(bytes, offset + 4, n8));
      offset += 4 + n8;
    }
    return { wires, coefficients };
  };
  const constraints: R1cs['constraints'] = [];
  for (let c = 0; c < nConstraints; c++) constraints.push([readCombination(), readCombination(), readCombination()]);
  return { prime, nWires, nPublicOutputs, nPublicInputs, nPrivateInputs, constraints };
}

/** The witness of a .wtns file (as snarkjs.wtns.calculate writes it): wire values, wire 0 = 1. */
export function readWtns(bytes: Uint8Array): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const all = sections(bytes, 'wtns');
  const header = section(all, 1, 'wtns');
  const n8 = view.getUint32(header.start, true);
  const count = view.getUint32(header.start + 4 + n8, true);
  const values = section(all, 2, 'wtns');
  const witness: bigint[] = [];
  for (let i = 0; i < count; i++) witness.push(readLittleEndian(bytes, values.start + i * n8, n8));
  return witness;
}

/** The indices of the constraints the witness does NOT satisfy (empty: the witness is valid). */
export function violatedConstraints(r1cs: R1cs, witness: readonly bigint[]): number[] {
  if (witness.length !== r1cs.nWires) throw new Error(`witness has ${witness.length} values, the circuit ${r1cs.nWires} wires`);
  if (witness[0] !== 1n) throw new Error('wire 0 of a witness must be 1');
  const p = r1cs.prime;
  const evaluate = ({ wires, coefficients }: LinearCombination): bigint => {
    let sum = 0n;
    for (let t = 0; t < wires.length; t++) sum += (coefficients[t] as bigint) * (witness[wires[t] as number] as bigint);
    return sum % p;
  };
  const violated: number[] = [];
  r1cs.constraints.forEach(([a, b, c], index) => {
    if ((evaluate(a) * evaluate(b) - evaluate(c)) % p !== 0n) violated.push(index);
  });
  return violated;
}

/** Signal name (e.g. `main.award[0]`) -> witness index, for the signals the optimizer kept. */
export function readSym(path: string): Map<string, number> {
  const wires = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const [, wire, , name] = line.split(',');
    if (wire !== undefined && name !== undefined && Number(wire) >= 0) wires.set(name, Number(wire));
  }
  return wires;
}
