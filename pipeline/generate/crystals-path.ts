import { basename, dirname, extname, join } from 'node:path';

/** Where `stones generate --out DIR/NAME.EXT` writes the crystal events: DIR/NAME.crystals.EXT, same format. */
export function defaultCrystalsPath(tripsPath: string): string {
  const extension = extname(tripsPath);
  const name = basename(tripsPath, extension);
  return join(dirname(tripsPath), `${name}.crystals${extension}`);
}
