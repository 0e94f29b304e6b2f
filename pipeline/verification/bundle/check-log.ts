import { BUNDLE_CHECKS, type BundleCheckName } from './bundle-checks.js';

/** A million-user bundle can fail a check a million times; the count is kept, the lines are not. */
export const MAX_KEPT_FAILURES = 50;

/** What one check found, by name. */
export interface CheckResult<Name extends string> {
  name: Name;
  about: string;
  status: 'passed' | 'failed' | 'skipped';
  /** The first failures (at most MAX_KEPT_FAILURES), each one line. */
  failures: string[];
  /** All failures, kept or not. */
  failureCount: number;
  /** Why a check did not run (an earlier check it depends on failed, or an option was not given). */
  skippedBecause?: string;
  /** For a skipped check: true when there is nothing for it to check (see BundleCheckResult). */
  nothingToCheck?: boolean;
}

/**
 * Collects what each check found. A check that was never failed nor skipped has passed, so a
 * check must be skipped explicitly when its inputs are missing, never silently passed; and a
 * skip is not a pass: only a check with nothing to check (notApplicable) lets a bundle verify.
 * `checks` is the list the results follow (the bundle's checks unless another is given).
 */
export class CheckLog<Name extends string = BundleCheckName> {
  readonly #checks: readonly { readonly name: Name; readonly about: string }[];
  readonly #failures = new Map<Name, string[]>();
  readonly #counts = new Map<Name, number>();
  readonly #skipped = new Map<Name, string>();
  readonly #nothingToCheck = new Set<Name>();

  constructor(checks: readonly { readonly name: Name; readonly about: string }[] = BUNDLE_CHECKS as unknown as readonly { name: Name; about: string }[]) {
    this.#checks = checks;
  }

  fail(name: Name, message: string): void {
    const kept = this.#failures.get(name) ?? [];
    if (kept.length < MAX_KEPT_FAILURES) kept.push(message);
    this.#failures.set(name, kept);
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
  }

  /** The check could not run: the bundle does not verify (unless the check fails outright too). */
  skip(name: Name, because: string): void {
    if (!this.#skipped.has(name)) this.#skipped.set(name, because);
  }

  /** The check has nothing to check in this bundle: a skip that does not stop it verifying. */
  notApplicable(name: Name, because: string): void {
    if (this.#skipped.has(name)) return;
    this.#skipped.set(name, because);
    this.#nothingToCheck.add(name);
  }

  failed(name: Name): boolean {
    return this.#counts.has(name);
  }

  results(): CheckResult<Name>[] {
    return this.#checks.map(({ name, about }) => {
      const failureCount = this.#counts.get(name) ?? 0;
      if (failureCount > 0) return { name, about, status: 'failed', failures: this.#failures.get(name) ?? [], failureCount };
      const skippedBecause = this.#skipped.get(name);
      if (skippedBecause !== undefined) {
        return { name, about, status: 'skipped', failures: [], failureCount: 0, skippedBecause, nothingToCheck: this.#nothingToCheck.has(name) };
      }
      return { name, about, status: 'passed', failures: [], failureCount: 0 };
    });
  }
}

/** True when every check passed or had nothing to check (a check that could not run is not a pass). */
export function allPassed(checks: readonly CheckResult<string>[]): boolean {
  return checks.every((check) => check.status === 'passed' || (check.status === 'skipped' && check.nothingToCheck === true));
}
