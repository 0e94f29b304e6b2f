import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { buildCircuit, REPO_ROOT, type BuiltCircuit } from '../../../circuits/build-circuit.mjs';
import { BN254_FIELD_MODULUS } from '../../../pipeline/commitments/index.js';
import { batchClaim, type BatchClaim, type Cheat, type TestPeriod } from './batch-award-input.js';
import { readR1cs, readSym, readWtns, violatedConstraints, type R1cs } from './r1cs.js';

/**
 * Forged witnesses for circuits/batch-award.circom, one rule at a time.
 *
 * Every rule of the circuit is a source line tagged `// @rule <name>`. For a rule:
 * - the MUTANT is the circuit with the rule's lines blanked out (same line numbers and byte
 *   offsets, so every other signal keeps its name), compiled with --O0 (every signal a wire);
 * - forge(rule, cheat) writes the cheat into the prover-supplied values (batchClaim recomputes
 *   everything downstream with the production functions), takes the statement from the
 *   RELAXED copy (every rule line removed) by reading main.computed_statement, computes the
 *   witness with the mutant's own witness generator, and moves it onto the wires of the real
 *   circuit (O2, as deployed, and O0) BY SIGNAL NAME through the .sym files;
 * - the three checks: (a) the mutant's constraints accept the witness, (b) the real O2 circuit
 *   rejects it, (c) the real O0 circuit rejects it exactly at constraints the mutant lacks (the
 *   rule's own), and nowhere else.
 */

const P = BN254_FIELD_MODULUS;

const CIRCUIT_PATH = 'circuits/batch-award.circom';

/** The rules, as circuits/README.md lists them (the tests check the source tags the same set). */
export const RULES = [
  'feature_range',
  'remainder_low',
  'remainder_high',
  'coin_split',
  'coin_high_low',
  'coin_canonical',
  'noisy_lattice',
  'award_range',
  'award_floor_low',
  'award_floor_high',
  'award_zero_total',
  'padding_order',
  'circuit_shape',
  'formula_range',
  'run_range',
  'entries_range',
  'entries_max',
  'draw_range',
  'draw_count_range',
  'draw_ceil_low',
  'draw_ceil_high',
  'draw_zero_total',
  'statement',
] as const;
export type Rule = (typeof RULES)[number];

const RULE_TAG = /\/\/ @rule ([a-z_]+)\s*$/;
/**
 * A rule line must be a pure check, an `===` or an anonymous RangeCheck with no output, so
 * that removing it changes no other signal's value (and any relaxed copy computes the same
 * computed_statement as the real circuit).
 */
const PURE_CHECK = /^\s*(RangeCheck\([^;]*\)\([^;]*\)|[^;<>=]*===[^;]*);\s*\/\/ @rule [a-z_]+\s*$/;

export function circuitSource(): string {
  return readFileSync(join(REPO_ROOT, CIRCUIT_PATH), 'utf8');
}

/** Rule name -> the (1-based) numbers of the lines it tags. */
export function ruleLines(source: string = circuitSource()): Map<string, number[]> {
  const rules = new Map<string, number[]>();
  source.split('\n').forEach((line, index) => {
    const tag = RULE_TAG.exec(line);
    if (!tag) return;
    const name = tag[1] as string;
    rules.set(name, [...(rules.get(name) ?? []), index + 1]);
  });
  return rules;
}

/**
 * The circuit's text with every line tagged with one of `rules` blanked (spaces of the same
 * length: line numbers and byte offsets, hence the names circom gives anonymous components,
 * stay those of the real circuit). `relaxed` also removes the statement rule.
 */
export function mutantSource(rules: Rule | readonly Rule[], options: { relaxed?: boolean; source?: string } = {}): string {
  const removed = new Set<string>(typeof rules === 'string' ? [rules] : rules);
  if (options.relaxed) removed.add('statement');
  const source = options.source ?? circuitSource();
  const tagged = ruleLines(source);
  for (const rule of removed) if (!tagged.has(rule)) throw new Error(`no line of ${CIRCUIT_PATH} is tagged @rule ${rule}`);
  return source
    .split('\n')
    .map((line) => {
      const tag = RULE_TAG.exec(line);
      if (!tag || !removed.has(tag[1] as string)) return line;
      if (!PURE_CHECK.test(line)) throw new Error(`@rule line is not a pure check (=== or RangeCheck), removing it would change the witness: ${line.trim()}`);
      return ' '.repeat(line.length);
    })
    .join('\n');
}

/** The relaxed copy: every rule removed, the statement's too. */
function relaxedSource(source: string = circuitSource()): string {
  return mutantSource([...ruleLines(source).keys()] as Rule[], { source });
}

/**
 * Writes a circuit text with the instance file into `dir`, laid out like circuits/
 * (instances/x.circom includes "../batch-award.circom"); returns the instance's path.
 */
function writeCircuitCopy(dir: string, circuitText: string, instance: string): string {
  mkdirSync(join(dir, 'instances'), { recursive: true });
  writeFileSync(join(dir, basename(CIRCUIT_PATH)), circuitText);
  const path = join(dir, 'instances', basename(instance));
  writeFileSync(path, readFileSync(join(REPO_ROOT, instance), 'utf8'));
  return path;
}

// ---------------------------------------------------------------------------------------------
// Builds

export type Optimize = 'O0' | 'O2';

/** A compiled circuit with its r1cs and symbols read on first use. */
export class CircuitBuild {
  readonly built: BuiltCircuit;
  #wasm: Uint8Array | undefined;
  #r1cs: R1cs | undefined;
  #wires: Map<string, number> | undefined;
  #names: string[] | undefined;
  #keys: string[] | undefined;

  constructor(built: BuiltCircuit) {
    this.built = built;
  }

  get r1cs(): R1cs {
    this.#r1cs ??= readR1cs(this.built.r1csPath);
    return this.#r1cs;
  }

  /** Signal name -> wire, for the wires the optimiser kept. */
  get wires(): Map<string, number> {
    this.#wires ??= readSym(this.built.symPath);
    return this.#wires;
  }

  /** Wire -> the first signal name on it ('one' for wire 0). */
  get names(): string[] {
    if (!this.#names) {
      const names = new Array<string>(this.r1cs.nWires).fill('');
      names[0] = 'one';
      for (const [name, wire] of this.wires) if (!names[wire]) names[wire] = name;
      this.#names = names;
    }
    return this.#names;
  }

  /** Each constraint with its wires written as signal names (terms sorted): comparable across builds. */
  get constraintKeys(): string[] {
    if (!this.#keys) {
      const names = this.names;
      const combination = ({ wires, coefficients }: { wires: number[]; coefficients: bigint[] }): string =>
        wires
          .map((wire, t) => `${coefficients[t]}*${names[wire]}`)
          .sort()
          .join('+');
      this.#keys = this.r1cs.constraints.map(([a, b, c]) => `${combination(a)} | ${combination(b)} | ${combination(c)}`);
    }
    return this.#keys;
  }

  /** The witness its generator computes for an input (throws where an assert fails). */
  async witness(input: Record<string, unknown>): Promise<bigint[]> {
    const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
    // Read once: every forgery runs the same generator.
    this.#wasm ??= new Uint8Array(readFileSync(this.built.wasmPath));
    await snarkjs.wtns.calculate(input, { type: 'mem', data: this.#wasm } as never, out);
    if (!out.data) throw new Error(`snarkjs wrote no witness for ${this.built.outDir}`);
    return readWtns(out.data);
  }

  /** Signal name -> value, for every named wire of a witness of this build. */
  named(witness: readonly bigint[]): Map<string, bigint> {
    const values = new Map<string, bigint>();
    for (const [name, wire] of this.wires) values.set(name, witness[wire] as bigint);
    return values;
  }

  /** A witness of this build from values by signal name (every kept wire must be named in it). */
  onWires(values: ReadonlyMap<string, bigint>): bigint[] {
    const witness = new Array<bigint>(this.r1cs.nWires).fill(-1n);
    witness[0] = 1n;
    for (const [name, wire] of this.wires) {
      const value = values.get(name);
      if (value === undefined) throw new Error(`no value for ${name} (wire ${wire} of ${this.built.outDir})`);
      witness[wire] = value;
    }
    const unset = witness.findIndex((value) => value < 0n);
    if (unset >= 0) throw new Error(`wire ${unset} of ${this.built.outDir} has no signal name`);
    return witness;
  }

  /** The value of one signal in a witness of this build. */
  value(witness: readonly bigint[], name: string): bigint {
    const wire = this.wires.get(name);
    if (wire === undefined) throw new Error(`no wire ${name} in ${this.built.outDir} (eliminated or misspelt)`);
    return witness[wire] as bigint;
  }
}

/**
 * Compiles at most `concurrency` circuits at a time, each once per run (cached by key), into a
 * temporary folder. The copies' SOURCES go to a temporary folder under node_modules/.cache:
 * circom2 (WebAssembly, run from the repository root) resolves a relative include such as
 * "../batch-award.circom" only below its working directory, not in os.tmpdir().
 */
export class BuildQueue {
  readonly outDir: string;
  readonly sourceDir: string;
  readonly #concurrency: number;
  readonly #cache = new Map<string, Promise<CircuitBuild>>();
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(concurrency = 2) {
    this.outDir = mkdtempSync(join(tmpdir(), 'stones-forge-'));
    const cache = join(REPO_ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    this.sourceDir = mkdtempSync(join(cache, 'stones-circuit-copies-'));
    this.#concurrency = concurrency;
  }

  /** Removes both temporary folders (after the builds have settled). */
  async dispose(): Promise<void> {
    await Promise.allSettled(this.#cache.values());
    rmSync(this.outDir, { recursive: true, force: true });
    rmSync(this.sourceDir, { recursive: true, force: true });
  }

  /** A circuit file of the repository, compiled as it is. */
  real(instance: string, optimize: Optimize): Promise<CircuitBuild> {
    return this.#build(`real-${optimize}`, optimize, () => instance);
  }

  /**
   * A copy of circuits/ with batch-award.circom replaced by `circuitText`, compiled; without
   * its witness generator when `wasm` is false (its constraints and symbols only: a third of
   * the compile time).
   */
  copy(key: string, circuitText: string, instance: string, optimize: Optimize, wasm = true): Promise<CircuitBuild> {
    return this.#build(`${key}-${optimize}`, optimize, () => writeCircuitCopy(join(this.sourceDir, key, 'circuits'), circuitText, instance), wasm);
  }

  #build(key: string, optimize: Optimize, sourceOf: () => string, wasm = true): Promise<CircuitBuild> {
    let found = this.#cache.get(key);
    if (!found) {
      found = this.#slot(async () => new CircuitBuild(await buildCircuit({ source: sourceOf(), outDir: join(this.outDir, key), optimize, wasm })));
      this.#cache.set(key, found);
    }
    return found;
  }

  async #slot<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      return await task();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Moving a witness between builds

/**
 * The rule lines' components exist in the real circuit and not in the mutant: a forger fills
 * their signals as the real witness generator would. `in` (and the Num2Bits `in`) by solving
 * the real O0 circuit's linear constraints that have one unknown; the bits as the low bits of
 * that `in` (so every bit constraint holds and only the sum, the rule, breaks).
 */
function fillOwnSignals(realO0: CircuitBuild, known: Map<string, bigint>, removedLines: ReadonlySet<number>): string[] {
  const { r1cs, names } = realO0;
  const values: (bigint | undefined)[] = names.map((name, wire) => (wire === 0 ? 1n : known.get(name)));
  const own = names.filter((_name, wire) => wire > 0 && values[wire] === undefined);
  const outside = own.filter((name) => !componentLines(name).some((line) => removedLines.has(line)));
  if (outside.length > 0) throw new Error(`signals of the real circuit missing from the mutant outside the removed lines: ${outside.slice(0, 5).join(', ')}`);

  const evaluate = (lc: { wires: number[]; coefficients: bigint[] }): bigint | undefined => {
    let sum = 0n;
    for (let t = 0; t < lc.wires.length; t++) {
      const value = values[lc.wires[t] as number];
      if (value === undefined) return undefined;
      sum += (lc.coefficients[t] as bigint) * value;
    }
    return ((sum % P) + P) % P;
  };
  let progress = true;
  while (progress) {
    progress = false;
    for (const [a, b, c] of r1cs.constraints) {
      const unknown = c.wires.filter((wire) => values[wire] === undefined);
      if (unknown.length !== 1) continue;
      let product = 0n;
      if (a.wires.length > 0 && b.wires.length > 0) {
        const left = evaluate(a);
        const right = evaluate(b);
        if (left === undefined || right === undefined) continue;
        product = left * right;
      }
      const wire = unknown[0] as number;
      const t = c.wires.indexOf(wire);
      const rest = evaluate({ wires: c.wires.filter((_, i) => i !== t), coefficients: c.coefficients.filter((_, i) => i !== t) }) as bigint;
      values[wire] = ((((product - rest) % P) + P) * inverse(c.coefficients[t] as bigint)) % P;
      progress = true;
    }
    names.forEach((name, wire) => {
      if (values[wire] !== undefined) return;
      const bit = /^(.*)\.out\[(\d+)\]$/.exec(name);
      const source = bit ? realO0.wires.get(`${bit[1]}.in`) : undefined;
      if (bit && source !== undefined && values[source] !== undefined) {
        values[wire] = ((values[source] as bigint) >> BigInt(bit[2] as string)) & 1n;
        progress = true;
      }
    });
  }
  names.forEach((name, wire) => {
    const value = values[wire];
    if (value === undefined) throw new Error(`cannot fill ${name}, a signal of a removed rule line`);
    if (wire > 0) known.set(name, value);
  });
  return own;
}

/** The source lines of the anonymous components on a signal's path (`RangeCheck_171_7604`). */
function componentLines(name: string): number[] {
  return [...name.matchAll(/(?:^|\.)[A-Za-z][A-Za-z0-9]*_(\d+)_\d+(?:\[\d+\])*(?=\.)/g)].map((match) => Number(match[1]));
}

function inverse(value: bigint): bigint {
  let result = 1n;
  let base = ((value % P) + P) % P;
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
  }
  return result;
}

/**
 * The real O0 constraints the mutant lacks (by signal names), and the mutant's constraints the
 * real circuit lacks (there must be none: a mutant only removes).
 */
function constraintDifference(real: CircuitBuild, mutant: CircuitBuild): { ruleConstraints: Set<number>; mutantOnly: string[] } {
  const count = new Map<string, number>();
  for (const key of mutant.constraintKeys) count.set(key, (count.get(key) ?? 0) + 1);
  const ruleConstraints = new Set<number>();
  real.constraintKeys.forEach((key, index) => {
    const left = count.get(key) ?? 0;
    if (left > 0) count.set(key, left - 1);
    else ruleConstraints.add(index);
  });
  const mutantOnly = [...count].filter(([, left]) => left > 0).map(([key]) => key);
  return { ruleConstraints, mutantOnly };
}

// ---------------------------------------------------------------------------------------------
// The forger

export interface Forgery {
  rule: Rule;
  claim: BatchClaim;
  /** main.computed_statement of the relaxed copy, for the claimed inputs. */
  computedStatement: bigint;
  /** The public signal written into the witness (the computed one unless the cheat replaced it). */
  statement: bigint;
  /** (a) The mutant's r1cs on its own witness: must be empty. */
  mutantViolations: number[];
  /** (b) The real O2 r1cs (as deployed) on the witness moved onto its wires: must not be empty. */
  realO2Violations: number[];
  /** (c) The real O0 r1cs on the witness moved onto its wires. */
  realO0Violations: number[];
  /** The real O0 constraints the mutant lacks: the rule's own. */
  ruleConstraints: Set<number>;
  /** The mutant's constraints the real circuit lacks (none expected). */
  mutantOnly: string[];
  /** The real circuit's signals the mutant has not (the removed components'), filled in. */
  ownSignals: string[];
  /** Of the real O2 circuit's kept wires: those found in the mutant's O0 witness, the rule's own. */
  o2WiresFromMutant: number;
  o2OwnWires: number;
  o2Wires: number;
}

export class Forger {
  readonly period: TestPeriod;
  readonly instance: string;
  readonly builds: BuildQueue;
  readonly source: string;
  readonly lines: Map<string, number[]>;

  constructor(period: TestPeriod, instance: string, builds: BuildQueue, source: string = circuitSource()) {
    this.period = period;
    this.instance = instance;
    this.builds = builds;
    this.source = source;
    this.lines = ruleLines(source);
  }

  realO2(): Promise<CircuitBuild> {
    return this.builds.real(this.instance, 'O2');
  }

  realO0(): Promise<CircuitBuild> {
    return this.builds.real(this.instance, 'O0');
  }

  /**
   * ONE relaxed copy serves every forgery: every rule line is a pure check (mutantSource
   * refuses any other), so computed_statement is the same function of the inputs whichever of
   * them are also removed, and this copy's generator aborts for none of the rules.
   */
  relaxed(): Promise<CircuitBuild> {
    return this.builds.copy('relaxed', relaxedSource(this.source), this.instance, 'O0');
  }

  /** The circuit without one rule's lines: its constraints and symbols (the witness comes from the relaxed copy). */
  mutant(rule: Rule): Promise<CircuitBuild> {
    return this.builds.copy(`mutant-${rule}`, mutantSource(rule, { source: this.source }), this.instance, 'O0', false);
  }

  /** Queues every build this forger needs, real ones first, then the mutants in `order`. */
  prepare(order: readonly Rule[] = RULES): void {
    for (const build of [this.realO2(), this.realO0(), this.relaxed(), ...order.map((rule) => this.mutant(rule))]) build.catch(() => undefined);
  }

  async forge(rule: Rule, cheat: Cheat): Promise<Forgery> {
    const claim = batchClaim(this.period, cheat);
    const relaxed = await this.relaxed();
    // The relaxed copy computes every signal but those of rule lines (pure checks, which
    // compute nothing else), exactly as the mutant's generator would; the mutant's own extra
    // signals (the other rules' range-check bits) are filled as an honest generator does.
    const values = relaxed.named(await relaxed.witness(claim.input));
    const computedStatement = values.get('main.computed_statement');
    if (computedStatement === undefined) throw new Error('the relaxed copy has no main.computed_statement');
    const statement = (((cheat.statement?.(computedStatement) ?? computedStatement) % P) + P) % P;
    // The relaxed copy has no statement rule, so the public input feeds no other signal: the
    // witness of the claimed statement is the same one with that wire replaced.
    values.set('main.statement', statement);

    const [mutant, realO0, realO2] = await Promise.all([this.mutant(rule), this.realO0(), this.realO2()]);
    const otherRuleLines = new Set([...this.lines].filter(([name]) => name !== rule).flatMap(([, lines]) => lines));
    fillOwnSignals(mutant, values, otherRuleLines);
    const mutantViolations = violatedConstraints(mutant.r1cs, mutant.onWires(values));

    const ownSignals = fillOwnSignals(realO0, values, new Set(this.lines.get(rule)));
    const ownSet = new Set(ownSignals);
    const o2Names = [...realO2.wires.keys()];
    const lost = o2Names.filter((name) => !ownSet.has(name) && !mutant.wires.has(name));
    if (lost.length > 0) throw new Error(`wires of the real O2 circuit not in the mutant's O0 witness: ${lost.slice(0, 5).join(', ')}`);
    const { ruleConstraints, mutantOnly } = constraintDifference(realO0, mutant);
    return {
      rule,
      claim,
      computedStatement,
      statement,
      mutantViolations,
      realO2Violations: violatedConstraints(realO2.r1cs, realO2.onWires(values)),
      realO0Violations: violatedConstraints(realO0.r1cs, realO0.onWires(values)),
      ruleConstraints,
      mutantOnly,
      ownSignals,
      o2WiresFromMutant: o2Names.filter((name) => mutant.wires.has(name)).length,
      o2OwnWires: o2Names.filter((name) => ownSet.has(name)).length,
      o2Wires: o2Names.length,
    };
  }
}
