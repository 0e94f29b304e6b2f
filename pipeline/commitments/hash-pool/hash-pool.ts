import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { createThreadPool } from '../../workers/index.js';
import { SLOT_WORDS } from '../poseidon/index.js';
import { isPowerOfTwo } from '../merkle/index.js';
import { checkCoinCount } from './coin-bits.js';
import { packFields, packRows, readField } from './field-packing.js';
import type { HashTask, HashTaskResult } from './hash-task.js';
import { hashWorkerFile } from './worker-file.js';

export interface HashPoolOptions {
  /** Worker threads; default os.availableParallelism(). */
  threads?: number;
  /** The compiled worker module; default hashWorkerFile() (next to this module, or in dist/ when run from source). */
  workerFile?: string;
}

/** Poseidon hashes per chunk: about 20 to 60 ms of work, so the per-task cost is noise and the workers stay balanced. */
const HASHES_PER_CHUNK = 512;

/**
 * Bulk Poseidon hashing spread over worker threads (the shared piscina pool of
 * workers/thread-pool.ts), each with its own WebAssembly Poseidon. Work is cut into chunks
 * of about HASHES_PER_CHUNK hashes, packed as 32-byte little-endian words in transferred
 * buffers; at most two chunks per thread are in flight, so packing the next chunk on this
 * thread overlaps the hashing. Results equal the single-threaded computation (hasher.hash,
 * buildTree, scoring's coinCount).
 */
export class HashPool {
  readonly threads: number;
  readonly #pool: Piscina<HashTask, HashTaskResult>;
  readonly #running = new Set<Promise<void>>();
  #closed: Promise<void> | undefined;

  constructor(options: HashPoolOptions = {}) {
    this.threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new RangeError(`hash pool threads must be a positive integer, got ${this.threads}`);
    this.#pool = createThreadPool<HashTask, HashTaskResult>({ filename: options.workerFile ?? hashWorkerFile(), threads: this.threads });
  }

  /** Poseidon of each row (1 to 16 field elements). */
  async hashRows(rows: bigint[][]): Promise<bigint[]> {
    const out: bigint[] = new Array<bigint>(rows.length);
    const rowsPerChunk = Math.max(16, Math.floor(HASHES_PER_CHUNK / Math.max(1, Math.ceil(averageLength(rows) / 4))));
    await this.#chunks(rows.length, rowsPerChunk, (start, end) => {
      const { words, arities } = packRows(rows.slice(start, end));
      return {
        task: { op: 'rows', words, arities },
        transfer: [words.buffer, arities.buffer],
        accept: (result) => copyFields(result as BigUint64Array, out, start),
      };
    });
    return out;
  }

  /** For each salt, the number of 1 bits among the low n (<= 128) bits of Poseidon(beacon, salt). */
  async countCoins(beacon: bigint, salts: bigint[], n: number): Promise<number[]> {
    checkCoinCount(n);
    const beaconWords = packFields([beacon]);
    const out: number[] = new Array<number>(salts.length);
    const saltsPerChunk = HASHES_PER_CHUNK;
    await this.#chunks(salts.length, saltsPerChunk, (start, end) => {
      const words = packFields(salts.slice(start, end));
      return {
        task: { op: 'coins', beacon: beaconWords, salts: words, n },
        transfer: [words.buffer],
        accept: (result) => {
          const counts = result as Int32Array;
          for (let i = 0; i < counts.length; i += 1) out[start + i] = counts[i] as number;
        },
      };
    });
    return out;
  }

  /** The root of each group's Poseidon tree (see merkle/: each group's size must be a power of two). */
  async buildTrees(leafGroups: bigint[][]): Promise<bigint[]> {
    leafGroups.forEach((group, index) => {
      if (!isPowerOfTwo(group.length)) throw new RangeError(`leaf group ${index} has ${group.length} leaves; a tree needs a power of two (>= 1)`);
    });
    const out: bigint[] = new Array<bigint>(leafGroups.length);
    // A tree over L leaves costs about L / 15 hashes: chunk by leaves.
    const leavesPerGroup = Math.max(1, averageLength(leafGroups));
    const groupsPerChunk = Math.max(1, Math.floor((HASHES_PER_CHUNK * 16) / leavesPerGroup));
    await this.#chunks(leafGroups.length, groupsPerChunk, (start, end) => {
      const groups = leafGroups.slice(start, end);
      const sizes = Uint32Array.from(groups, (group) => group.length);
      const words = packFields(groups.flat());
      return {
        task: { op: 'trees', words, sizes },
        transfer: [words.buffer, sizes.buffer],
        accept: (result) => copyFields(result as BigUint64Array, out, start),
      };
    });
    return out;
  }

  /** Refuses new work, lets the operations already started finish, then stops the workers; later calls are no-ops. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await Promise.allSettled([...this.#running]);
      await this.#pool.destroy();
    })();
    return this.#closed;
  }

  /** Runs items [0, total) in chunks, at most two per thread in flight, packing each chunk just before it is sent. */
  async #chunks(
    total: number,
    chunkSize: number,
    prepare: (start: number, end: number) => { task: HashTask; transfer: ArrayBuffer[]; accept: (result: HashTaskResult) => void },
  ): Promise<void> {
    if (this.#closed !== undefined) throw new Error('the hash pool is closed');
    // Small inputs are still split across the threads.
    const size = Math.max(1, Math.min(chunkSize, Math.ceil(total / this.threads)));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < total) {
        const start = next;
        const end = Math.min(total, start + size);
        next = end;
        const { task, transfer, accept } = prepare(start, end);
        accept(await this.#pool.run(task, { transferList: transfer }));
      }
    };
    const operation = Promise.all(Array.from({ length: this.threads * 2 }, lane)).then(() => undefined);
    this.#running.add(operation);
    try {
      await operation;
    } finally {
      this.#running.delete(operation);
    }
  }
}

function averageLength(lists: readonly (readonly unknown[])[]): number {
  if (lists.length === 0) return 0;
  let total = 0;
  for (const list of lists) total += list.length;
  return total / lists.length;
}

function copyFields(words: BigUint64Array, out: bigint[], start: number): void {
  for (let i = 0, word = 0; word < words.length; i += 1, word += SLOT_WORDS) out[start + i] = readField(words, word);
}
