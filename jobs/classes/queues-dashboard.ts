import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Hono } from 'hono';
import { UsageError } from '../../pipeline/errors/index.js';
import type { JobsConnection } from '../interfaces/index.js';
import { DEFAULT_QUEUE_PREFIX, isValidQueuePrefix, QUEUE_NAMES } from '../config/queue-names.js';
import { connectRedis } from './connect-redis.js';

export interface QueuesDashboardOptions extends JobsConnection {
  /** Interface to listen on (default 127.0.0.1: the queues hold private witness inputs). */
  host?: string;
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
}

/**
 * `stones dashboard`: Bull Board (@bull-board/api with its Hono adapter on Node's http server)
 * over the project's queues (`runs`, `prove`, `finalize`, `awards-ready`) under one prefix.
 * Only looks at and manages jobs; it runs nothing. `close()` stops the server and the queues'
 * Redis connections.
 */
export class QueuesDashboard {
  private constructor(
    private readonly server: ServerType,
    private readonly queues: Queue[],
    private readonly connection: Redis,
    /** Where the dashboard answers, e.g. `http://127.0.0.1:3000/`. */
    readonly url: string,
  ) {}

  static async start({ url, prefix = DEFAULT_QUEUE_PREFIX, host = '127.0.0.1', port = 3000 }: QueuesDashboardOptions): Promise<QueuesDashboard> {
    if (!isValidQueuePrefix(prefix)) {
      throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${prefix}"`);
    }
    const connection = await connectRedis(url, 'stones-dashboard'); // Redis is checked before the port is opened
    connection.on('error', (error: Error) => process.stderr.write(`stones dashboard: Redis: ${error.message}\n`));
    const queues = Object.values(QUEUE_NAMES).map((name) => new Queue(name, { connection, prefix }));
    for (const queue of queues) queue.on('error', () => undefined); // reported once, by the shared connection

    const board = new HonoAdapter(serveStatic);
    board.setBasePath('/');
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: `stones (${prefix})` } },
    });
    const app = new Hono();
    app.route('/', board.registerPlugin());

    let server: ServerType;
    try {
      server = await new Promise<ServerType>((resolve, reject) => {
        const started = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(started));
        started.once('error', reject);
      });
    } catch (error) {
      await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
      await connection.quit().catch(() => connection.disconnect());
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use: pass another --port`, { cause: error });
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${host}: not an address of this machine`, { cause: error });
      throw error;
    }
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new QueuesDashboard(server, queues, connection, `http://${shownHost}:${address.port}/`);
  }

  /** Stops accepting requests, drops open connections, then closes the queues' Redis connections. */
  async close(): Promise<void> {
    const server = this.server as Server;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
    await Promise.all(this.queues.map((queue) => queue.close().catch(() => undefined)));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
