/** A file of a bundle as read: its bytes; undefined when it is missing; a problem when it is not a file or over the limit. */
export type BundleRead = Uint8Array | undefined | { problem: string };

/**
 * Where a verifier reads a public bundle from: a folder on disk (verification/node), files a
 * browser fetched or a user dropped, a test's edited copy. Paths are relative to the bundle,
 * with `/` (e.g. `proofs/batch-000000.json`).
 */
export interface BundleSource {
  /** Where the bundle is, for messages: a folder path, a URL. */
  readonly location: string;
  read(path: string, limit: number): Promise<BundleRead>;
  /** The names in one of the bundle's folders (`proofs`), or undefined when there is no such folder. */
  list(folder: string): Promise<string[] | undefined>;
}

/**
 * A bundle held in memory: each file by its path in the bundle (`manifest.json`,
 * `proofs/batch-000000.json`), as bytes or text.
 */
export function bundleFromFiles(files: Readonly<Record<string, Uint8Array | string>>, location = 'bundle'): BundleSource {
  const encoder = new TextEncoder();
  return {
    location,
    async read(path, limit) {
      const file = files[path];
      if (file === undefined) return undefined;
      const bytes = typeof file === 'string' ? encoder.encode(file) : file;
      if (bytes.byteLength > limit)
        return { problem: `${bytes.byteLength.toLocaleString('en-US')} bytes, over the ${limit.toLocaleString('en-US')} a verifier reads` };
      return bytes;
    },
    async list(folder) {
      const prefix = `${folder}/`;
      const names = Object.keys(files)
        .filter((path) => path.startsWith(prefix))
        .map((path) => path.slice(prefix.length))
        .filter((name) => name.length > 0 && !name.includes('/') && !name.startsWith('.'));
      return names.length === 0 && !Object.keys(files).some((path) => path.startsWith(prefix)) ? undefined : names.sort();
    },
  };
}
