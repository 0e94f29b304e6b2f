// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { readOrCreateWitnessKey, resolveWitnessKeyPath, WITNESS_KEY_ENV, type WitnessKey } from '../jobs/index.js';

/**
 * The witness key of a coordinator (`stones run --redis`, `stones worker --coordinator`):
 * `--witness-key FILE`, else STONES_WITNESS_KEY, else `.stones/witness.key`, created with a new
 * random key (mode 0600) on first use, as the pepper is. Creating it is said in one line,
 * since every worker on another machine needs a copy before it can prove anything.
 */
export async function coordinatorWitnessKey(option: string | undefined, log: (line: string) => void): Promise<WitnessKey> {
  const path = resolveWitnessKeyPath({ option });
  const { key, created } = await readOrCreateWitnessKey(path);
  if (created) {
    log(`witness key: created ${path} (mode 0600, id ${key.id}); copy it to every stones worker (--witness-key FILE or ${WITNESS_KEY_ENV}), keeping mode 0600`);
  }
  return key;
}
