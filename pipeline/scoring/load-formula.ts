import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../db/package-root.js';
import { ConfigError } from '../errors/index.js';
import { canonicalFormulaJson, formulaSha256 } from './canonical-formula-json.js';
import { parseFormula, type Formula } from './parse-formula.js';

export interface LoadedFormula {
  formula: Formula;
  /** What the SHA-256 is taken of (see canonicalFormulaJson). */
  canonicalJson: string;
  /** Hex SHA-256 of canonicalJson (not of the file's bytes). */
  sha256: string;
}

/** The formula published with the project: formula.json at the repository root. */
export function publishedFormulaPath(): string {
  return join(packageRoot(), 'formula.json');
}

/** Reads and checks a formula file; a ConfigError (one line, naming the file) when it cannot. */
export async function loadFormula(path: string): Promise<LoadedFormula> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(error));
    throw new ConfigError(`${path}: cannot read the formula file (${why})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${oneLine((error as Error).message)})`, { cause: error });
  }
  const formula = parseFormula(json, path);
  return { formula, canonicalJson: canonicalFormulaJson(formula), sha256: formulaSha256(formula) };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
