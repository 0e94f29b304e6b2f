import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ChainError } from '../errors/index.js';
import { anvilBinary } from './anvil-binary.js';
import { CHAIN_KEY_ENV } from './sender-key.js';

/** Where the local dev chain keeps its state, relative to the working folder (gitignored). */
export const DEFAULT_CHAIN_DIR = '.stones/chain';

/** How long anvil may take to answer its first request. */
const READY_TIMEOUT_MS = 30_000;

export interface DevChainOptions {
  /** The folder of state.json (created if needed): the chain's blocks and contracts survive restarts. */
  stateDir: string;
  /** A free port is picked when not given. */
  port?: number;
}

export interface DevChain {
  rpcUrl: string;
  stateFile: string;
  process: ChildProcess;
  /** Stops anvil (SIGTERM: it writes its state on the way out) and waits for it to exit. */
  stop(): Promise<void>;
}

/** anvil needs no key: the sender's stays in this process. */
function withoutChainKey(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[CHAIN_KEY_ENV];
  return copy;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts anvil (Foundry's dev chain, from npm) on 127.0.0.1 with its state in
 * `<stateDir>/state.json`: loaded at start, written every second and on exit, so records
 * survive a restart (a kill loses at most the last second, which anchoring sends again).
 */
export async function startDevChain(options: DevChainOptions): Promise<DevChain> {
  mkdirSync(options.stateDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const stateFile = join(options.stateDir, 'state.json');
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--state', stateFile, '--state-interval', '1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: withoutChainKey(process.env),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(rpcUrl))) {
    if (gone) throw new ChainError(`the local dev chain (anvil) exited at start: ${stderr.trim().split('\n').pop() ?? `exit code ${child.exitCode}`}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new ChainError(`the local dev chain (anvil) did not answer on ${rpcUrl} within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    rpcUrl,
    stateFile,
    process: child,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}
