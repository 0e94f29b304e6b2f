import { Redis } from 'ioredis';

/** One key of a Redis and everything it holds, as text. */
export interface RedisEntry {
  key: string;
  type: string;
  /** The key's name and every value in it (fields and values, members and scores, stream ids and fields), one per line. */
  text: string;
}

/** A private value to look for, with a name to report it by (never the value itself). */
export interface Needle {
  name: string;
  value: string;
}

async function valuesOf(client: Redis, key: string, type: string): Promise<string[] | undefined> {
  switch (type) {
    case 'string':
      return [(await client.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await client.hgetall(key)).flat();
    case 'list':
      return client.lrange(key, 0, -1);
    case 'set':
      return client.smembers(key);
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return (await client.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
    case 'none':
      return undefined; // removed between SCAN and TYPE
    default:
      throw new Error(`key ${key} is a ${type}: this scan does not know how to read it`);
  }
}

/** Every key of the Redis database `url` selects (SCAN), with every value in it, whatever its type. */
export async function readEveryKey(url: string): Promise<RedisEntry[]> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await client.connect();
  try {
    const entries: RedisEntry[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'COUNT', 500);
      for (const key of keys) {
        const type = await client.type(key);
        const values = await valuesOf(client, key, type);
        if (values !== undefined) entries.push({ key, type, text: [key, ...values].join('\n') });
      }
      cursor = next;
    } while (cursor !== '0');
    return entries;
  } finally {
    client.disconnect();
  }
}

/** Where each needle was found: `<needle name> in <key> (<type>)`, empty when none was. */
export function findNeedles(entries: readonly RedisEntry[], needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const entry of entries) {
    const text = entry.text.toLowerCase();
    for (const needle of needles) {
      if (text.includes(needle.value.toLowerCase())) found.push(`${needle.name} in ${entry.key} (${entry.type})`);
    }
  }
  return found;
}
