import { loadPepper } from '../pipeline/commitments/index.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database, type WriterLock } from '../pipeline/db/index.js';
import { loadFormula, type LoadedFormula } from '../pipeline/scoring/index.js';

export interface PipelineContext {
  database: Database;
  formula: LoadedFormula;
  pepper: bigint;
  poseidon: PoseidonHasher;
  hasher: HashPool;
}

/**
 * What the commit, score and run commands share: the database, the published formula, the
 * secret pepper and the hashers (one on this thread, a pool of workers for bulk work), all
 * released however the command ends. The formula and pepper are read before the database is
 * opened, so a bad formula changes nothing. `heldLock`: the coordinator's writer lock of the
 * database, under which it opens the database for each job (see openDatabase).
 */
export async function withPipelineContext<T>(
  options: { db: string; formula: string; heldLock?: WriterLock },
  body: (context: PipelineContext) => Promise<T>,
): Promise<T> {
  const formula = await loadFormula(options.formula);
  const pepper = await loadPepper();
  const poseidon = await createPoseidon();
  const database = await openDatabase(options.db, { heldLock: options.heldLock });
  const hasher = new HashPool();
  try {
    return await body({ database, formula, pepper, poseidon, hasher });
  } finally {
    await hasher.close();
    database.close();
  }
}
