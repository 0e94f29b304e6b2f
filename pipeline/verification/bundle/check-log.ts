import { BUNDLE_CHECKS, type BundleCheckName, type BundleCheckResult } from './bundle-checks.js';

/** A million-user bundle can fail a check a million times; the count is kept, the lines are not. */
export const MAX_KEPT_FAILURES = 50;

/**
 * Collects what each check found. A check that was never failed nor skipped has passed, so a
 * check must be skipped explicitly when its inputs are missing, never silently passed; and a
 * skip is not a pass: only a check with nothing to check (notApplicable) lets a bundle verify.
 */
export class CheckLog {
  readonly #failures = new Map<BundleCheckName, string[]>();
  readonly #counts = new Map<BundleCheckName, number>();
  readonly #skipped = new Map<BundleCheckName, string>();
  readonly #nothingToCheck = new Set<BundleCheckName>();

  fail(name: BundleCheckName, message: string): void {
    const kept = this.#failures.get(name) ?? [];
    if (kept.length < MAX_KEPT_FAILURES) kept.push(message);
    this.#failures.set(name, kept);
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
  }

  /** The check could not run: the bundle does not verify (unless the check fails outright too). */
  skip(name: BundleCheckName, because: string): void {
    if (!this.#skipped.has(name)) this.#skipped.set(name, because);
  }

  /** The check has nothing to check in this bundle: a skip that does not stop it verifying. */
  notApplicable(name: BundleCheckName, because: string): void {
    if (this.#skipped.has(name)) return;
    this.#skipped.set(name, because);
    this.#nothingToCheck.add(name);
  }

  failed(name: BundleCheckName): boolean {
    return this.#counts.has(name);
  }

  results(): BundleCheckResult[] {
    return BUNDLE_CHECKS.map(({ name, about }) => {
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
