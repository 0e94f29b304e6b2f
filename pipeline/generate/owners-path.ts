import { basename, dirname, extname, join } from 'node:path';

/** Where `stones generate --out DIR/NAME.EXT` writes the owners: DIR/NAME.owners.EXT, same format. */
export function defaultOwnersPath(tripsPath: string): string {
  const extension = extname(tripsPath);
  const name = basename(tripsPath, extension);
  return join(dirname(tripsPath), `${name}.owners${extension}`);
}
