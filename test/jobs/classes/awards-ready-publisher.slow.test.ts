import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue, Worker, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { AwardsReadyPublisher, awardsReadyJobId, QUEUE_NAMES, type AwardsReadyData } from '../../../jobs/index.js';
import { awardsHandoffOf } from '../../../pipeline/publishing/index.js';
import { runCli } from '../../support/cli.js';
import { useTestRedis } from '../../support/redis-server.js';
import { useTempDir } from '../../support/temp-dir.js';

const redis = useTestRedis();
const tempDir = useTempDir('stones-awards-ready-');

/**
 * The award engine's consumer as the README shows it (only the connection and prefix come from
 * the test): a BullMQ Worker of its own on `awards-ready` that checks each file's SHA-256
 * before it uses the bytes.
 */
function startAwardEngine(
  url: string,
  prefix: string,
  use: (run: { run_id: string; period: string; arrow: Buffer; parquet: Buffer }) => Promise<void>,
): Worker {
  return new Worker(
    'awards-ready',
    async (job: Job) => {
      const { run_id, period, awards_arrow, awards_parquet } = job.data;
      const read = async (file: { path: string; sha256: string }): Promise<Buffer> => {
        const bytes = await readFile(file.path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (sha256 !== file.sha256) throw new Error(`${file.path}: SHA-256 ${sha256}, published ${file.sha256}`);
        return bytes;
      };
      const arrow = await read(awards_arrow);
      const parquet = await read(awards_parquet);
      await use({ run_id, period, arrow, parquet }); // load the period's awards
      return { run_id, awards: awards_arrow.sha256 };
    },
    { connection: { url, maxRetriesPerRequest: null }, prefix },
  );
}

describe('the awards-ready hand-off (real Redis)', () => {
  it('the embedded run prints it, the publisher adds it once, and the README consumer gets matching SHA-256s', async () => {
    const dir = tempDir();
    const ran = runCli(['run', '--no-prove', '--db', join(dir, 'stones.duckdb'), '--out', join(dir, 'out')], {
      env: { STONES_PEPPER_FILE: join(dir, 'pepper.key') },
    });
    expect(ran.status, ran.stderr).toBe(0);
    const runDir = /written: (\S+)/.exec(ran.stdout)?.[1] as string;
    // The text names the hand-off's file; `stones handoff` prints the same document.
    expect(ran.stdout).toContain(`awards-ready: ${join(runDir, 'handoff.json')} (stones handoff --run `);
    const printed = JSON.parse(await readFile(join(runDir, 'handoff.json'), 'utf8')) as AwardsReadyData;
    const shown = runCli(['handoff', '--run', printed.run_id, '--out', join(dir, 'out')]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(printed);
    const handoff = await awardsHandoffOf(runDir);
    expect(printed).toEqual(handoff);
    expect(handoff.period).toBe('2026-10');
    expect(handoff.awards_arrow.path).toBe(join(runDir, 'awards.arrow'));

    const { url, prefix } = redis();
    const publisher = await AwardsReadyPublisher.connect({ url, prefix });
    const queue = new Queue(QUEUE_NAMES.awardsReady, { connection: { url }, prefix });
    let engine: Worker | undefined;
    try {
      expect(await publisher.publish(handoff)).toEqual({ jobId: awardsReadyJobId(handoff.run_id), added: true });
      expect(await publisher.publish(handoff)).toEqual({ jobId: `awards-ready-${handoff.run_id}`, added: false }); // a re-run
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

      const received: { run_id: string; period: string; arrow: Buffer; parquet: Buffer }[] = [];
      engine = startAwardEngine(url, prefix, async (run) => {
        received.push(run);
      });
      const completed = new Promise<unknown>((resolve, reject) => {
        engine?.on('completed', (_job, result) => resolve(result));
        engine?.on('failed', (_job, error) => reject(error));
      });
      expect(await completed).toEqual({ run_id: handoff.run_id, awards: handoff.awards_arrow.sha256 });
      expect(received).toHaveLength(1);
      expect(received[0]?.run_id).toBe(handoff.run_id);
      expect(received[0]?.period).toBe('2026-10');
      const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
      expect(sha(received[0]?.arrow as Buffer)).toBe(handoff.awards_arrow.sha256);
      expect(sha(received[0]?.parquet as Buffer)).toBe(handoff.awards_parquet.sha256);

      // Completed hand-offs stay in Redis, so handing the run off again still adds nothing.
      expect(await publisher.publish(handoff)).toMatchObject({ added: false });
      expect(await queue.getJobCounts('waiting', 'completed')).toEqual({ waiting: 0, completed: 1 });
    } finally {
      await engine?.close();
      await queue.close();
      await publisher.close();
    }
  });
});
