import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunFlow, WitnessKey } from '../../../jobs/index.js';
import { runCli } from '../../support/cli.js';
import { freePort, uniquePrefix } from '../../support/redis-server.js';
import { spawnCli, stopSpawned } from '../../support/spawn-cli.js';

// Redis as the README asks for it off localhost: a password and TLS (`rediss://`), its
// certificate from a private CA given with REDIS_TLS_CA. A redis-server of our own with TLS
// only (no plain port), a CA and a server certificate made with openssl for the test.

const PASSWORD = 's3cret-tls';
let dir: string;
let server: ChildProcess | undefined;
let port: number;

function makeCertificates(folder: string): void {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=stones test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(folder, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
}

async function waitForTlsRedis(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(`rediss://:${PASSWORD}@127.0.0.1:${port}`, {
      tls: { ca: readFileSync(join(dir, 'ca.pem')) },
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // One folder for the whole file (the server runs from it), not one per test.
  dir = mkdtempSync(join(tmpdir(), 'stones-redis-tls-'));
  makeCertificates(dir);
  port = await freePort();
  server = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      'server.pem',
      '--tls-key-file',
      'server.key',
      '--tls-ca-cert-file',
      'ca.pem',
      '--tls-auth-clients',
      'no',
      '--requirepass',
      PASSWORD,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  await waitForTlsRedis();
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Redis with a password and TLS (rediss://, REDIS_TLS_CA)', () => {
  const url = (): string => `rediss://:${PASSWORD}@127.0.0.1:${port}`;
  const env = (): NodeJS.ProcessEnv => ({ REDIS_TLS_CA: join(dir, 'ca.pem') });

  it('a command connects with the CA; without it the certificate is refused in one line, the password never shown', () => {
    const listed = runCli(['schedule', 'list', '--redis', url(), '--prefix', uniquePrefix()], { env: env() });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^no schedule \(Redis rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+/);

    const untrusted = runCli(['schedule', 'list', '--redis', url()], { env: {} });
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr.trim()).toMatch(
      /^stones: redis_unreachable: cannot use Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: self-signed certificate in certificate chain/,
    );
    expect(untrusted.stderr).not.toContain(PASSWORD);

    const wrongPassword = runCli(['schedule', 'list', '--redis', `rediss://:nope@127.0.0.1:${port}`], { env: env() });
    expect(wrongPassword.status).toBe(1);
    expect(wrongPassword.stderr).toMatch(/^stones: redis_unreachable: .*WRONGPASS/);
  });

  it('a worker and a coordinator connect through TLS too', async () => {
    const prefix = uniquePrefix();
    const keyFile = join(dir, 'witness.key');
    const worker = spawnCli(['worker', '--redis', url(), '--prefix', prefix, '--witness-key', keyFile], env());
    try {
      await worker.waitFor(/^worker: ready, .*\(Redis rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?, prefix /m, 30_000);
    } finally {
      await stopSpawned(worker);
    }
    const previous = process.env.REDIS_TLS_CA;
    process.env.REDIS_TLS_CA = join(dir, 'ca.pem');
    try {
      const flow = await RunFlow.connect({ url: url(), prefix, witnessKey: WitnessKey.generate() });
      const counts = await flow.counts();
      await flow.close();
      expect(counts.prove.waiting).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.REDIS_TLS_CA;
      else process.env.REDIS_TLS_CA = previous;
    }
  });
});
