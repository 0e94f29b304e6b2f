import { describe, expect, it } from 'vitest';
import { BeaconError } from '../../../pipeline/errors/index.js';
import { commandBeaconSource } from '../../../pipeline/beacon/index.js';

const request = { runId: '2026-10-0123456789ab', dataRoot: 42n, period: '2026-10' };

describe('commandBeaconSource (--beacon-command)', () => {
  it('gives the command the run, its data root and period, and takes the hex it prints', async () => {
    const source = commandBeaconSource(
      'test "$STONES_RUN_ID" = 2026-10-0123456789ab && test "$STONES_PERIOD" = 2026-10 && ' +
        'test "$STONES_DATA_ROOT" = 0x000000000000000000000000000000000000000000000000000000000000002a && echo " 0xBEAC0 "',
    );
    await expect(source(request)).resolves.toEqual({ hex: '0xBEAC0', value: 0xbeac0n, demo: false });
  });

  it("never hands the command stones's secrets: the pepper, the chain and witness keys, URLs with credentials", async () => {
    const secrets = {
      STONES_PEPPER: 'a1b2',
      STONES_CHAIN_KEY: '0x59c6',
      STONES_WITNESS_KEY: 'wk',
      REDIS_URL: 'redis://:pw@h',
      STONES_RPC_URL: 'https://k@node',
    };
    const saved = Object.fromEntries(Object.keys(secrets).map((name) => [name, process.env[name]]));
    Object.assign(process.env, secrets);
    try {
      const names = Object.keys(secrets)
        .map((name) => `"$${name}"`)
        .join('');
      await expect(commandBeaconSource(`test -z ${names} && test -n "$PATH" && echo 0x1`)(request)).resolves.toMatchObject({ value: 1n });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('a command that fails, prints no hex or does not answer in time is a retryable BeaconError saying so', async () => {
    const failed = commandBeaconSource('echo "drand is down" >&2; exit 3')(request);
    await expect(failed).rejects.toThrow(BeaconError);
    await expect(failed).rejects.toThrow(/exited with 3: drand is down$/);
    await expect(commandBeaconSource('echo not-a-beacon')(request)).rejects.toThrow(/printed "not-a-beacon", not 1 to 64 hex digits/);
    const started = Date.now();
    await expect(commandBeaconSource('sleep 20; echo 0x1', 300)(request)).rejects.toThrow(/gave no beacon in 0 s$/);
    expect(Date.now() - started).toBeLessThan(10_000); // the sleep was ended with its shell
    const error = await commandBeaconSource('exit 1')(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeaconError);
    expect((error as BeaconError).retryable).toBe(true);
    expect((error as BeaconError).code).toBe('beacon_unavailable');
  });
});
