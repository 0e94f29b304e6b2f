import type { z } from 'zod';
import { anchorFileSchema } from './anchor-file.js';
import { awardsHandoffSchema } from './awards-handoff.js';
import { awardsLineSchema } from './awards-line.js';
import { manifestSchema } from './manifest.js';
import { proofFileSchema } from './proof-file.js';
import { receiptSchema } from './receipt.js';
import { FORMAT_NAMES, SCHEMA_VERSIONS } from './schema-versions.js';
import { statsSchema } from './stats.js';

/** The formats whose every document carries a schema_version (the award rows are versioned by their hand-off). */
export const VERSIONED_SCHEMAS = {
  manifest: manifestSchema,
  stats: statsSchema,
  awards_line: awardsLineSchema,
  proof: proofFileSchema,
  receipt: receiptSchema,
  awards_handoff: awardsHandoffSchema,
  anchor: anchorFileSchema,
} as const;

export type VersionedKind = keyof typeof VERSIONED_SCHEMAS;
export type VersionedDocument<K extends VersionedKind> = z.infer<(typeof VERSIONED_SCHEMAS)[K]>;

/**
 * Why a document was not read. `version` says a schema_version problem (one line in
 * `problems`, no field-by-field dump, since the fields of another version are not this one's);
 * otherwise `problems` has one line per schema issue, each starting with the field's path.
 */
export interface FormatProblem {
  version?: 'missing' | 'older' | 'newer' | 'invalid';
  problems: string[];
}

export type VersionedParse<K extends VersionedKind> = { ok: true; value: VersionedDocument<K> } | ({ ok: false } & FormatProblem);

/** A document that is not its format: a parse failure thrown, one line per problem. */
export class FormatError extends Error {
  readonly kind: VersionedKind;
  readonly version?: FormatProblem['version'];
  readonly problems: string[];

  constructor(kind: VersionedKind, problem: FormatProblem) {
    super(problem.problems.join('; '));
    this.name = 'FormatError';
    this.kind = kind;
    this.version = problem.version;
    this.problems = problem.problems;
  }
}

function versionProblem(kind: VersionedKind, value: unknown): FormatProblem | undefined {
  const name = FORMAT_NAMES[kind];
  const reads = SCHEMA_VERSIONS[kind];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problems: [`${name} is not a JSON object`] };
  if (!('schema_version' in value)) {
    return {
      version: 'missing',
      problems: [
        `${name} has no schema_version: written by stones before formats were versioned; publish the run again with this stones, or check it with the stones that wrote it`,
      ],
    };
  }
  const version = (value as { schema_version: unknown }).schema_version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { version: 'invalid', problems: [`${name} has schema_version ${JSON.stringify(version)}, not a positive integer`] };
  }
  if (version < reads) {
    return {
      version: 'older',
      problems: [
        `${name} has schema_version ${version}, this stones reads schema_version ${reads}: written by an older stones; publish the run again with this stones, or check it with the stones that wrote it`,
      ],
    };
  }
  if (version > reads) {
    return { version: 'newer', problems: [`${name} has schema_version ${version}, this stones reads schema_version ${reads}: upgrade stones to verify it`] };
  }
  return undefined;
}

/**
 * Reads a published document: first its schema_version (missing, older or newer than this
 * code reads, is one clear line), then its schema. Never throws.
 */
export function safeParseVersioned<K extends VersionedKind>(kind: K, value: unknown): VersionedParse<K> {
  const problem = versionProblem(kind, value);
  if (problem) return { ok: false, ...problem };
  const parsed = VERSIONED_SCHEMAS[kind].safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as VersionedDocument<K> };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || FORMAT_NAMES[kind]}: ${issue.message}`) };
}

/** safeParseVersioned, throwing a FormatError instead of returning the problem. */
export function parseVersioned<K extends VersionedKind>(kind: K, value: unknown): VersionedDocument<K> {
  const parsed = safeParseVersioned(kind, value);
  if (!parsed.ok) throw new FormatError(kind, parsed);
  return parsed.value;
}
