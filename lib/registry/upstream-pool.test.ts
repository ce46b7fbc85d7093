import { describe, expect, it } from 'vitest';
import { RegistryError } from './errors';
import { UpstreamPool, type Lease } from './upstream-pool';

const settled = async <T>(promise: Promise<T>) => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('upstream pool', () => {
  it('caps one client and leaves room for the others', async () => {
    const pool = new UpstreamPool({ connections: 10, perClient: 2, queueMs: 60_000 });
    const a1 = await pool.acquire('a');
    await pool.acquire('a');
    const a3 = pool.acquire('a');
    expect(await settled(a3)).toBe('pending');
    await expect(pool.acquire('b')).resolves.toBeDefined();
    expect(pool.state()).toEqual({ running: 3, connections: 10, waiting: 1, saturated: false });
    a1.release();
    expect(await settled(a3)).toBe('resolved');
    a1.release(); // twice is once
    expect(pool.state().running).toBe(3);
  });

  it('hands a freed connection to the waiting client with the fewest running, not the longest queue', async () => {
    const pool = new UpstreamPool({ connections: 3, perClient: 3, queueMs: 60_000 });
    const held = [await pool.acquire('a'), await pool.acquire('a'), await pool.acquire('a')];
    expect(pool.state().saturated).toBe(true);
    const queuedA = [pool.acquire('a'), pool.acquire('a')];
    const b = pool.acquire('b');
    held[0].release();
    expect(await settled(b)).toBe('resolved');
    expect(await settled(queuedA[0])).toBe('pending');
    held[1].release();
    expect(await settled(queuedA[0])).toBe('resolved');
    expect(await settled(queuedA[1])).toBe('pending');
  });

  it('refuses with 503 TOOMANYREQUESTS and Retry-After after the bounded wait', async () => {
    const pool = new UpstreamPool({ connections: 1, perClient: 1, queueMs: 20 });
    await pool.acquire('a');
    const error = await pool.acquire('b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'TOOMANYREQUESTS', status: 503, headers: { 'Retry-After': '1' } });
    expect(pool.state().waiting).toBe(0);
  });

  it('forgets a waiting request whose client went away', async () => {
    const pool = new UpstreamPool({ connections: 1, perClient: 1, queueMs: 60_000 });
    const first: Lease = await pool.acquire('a');
    const gone = new AbortController();
    const waiting = pool.acquire('b', gone.signal);
    const next = pool.acquire('c');
    gone.abort();
    await expect(waiting).rejects.toBeInstanceOf(RegistryError);
    first.release();
    expect(await settled(next)).toBe('resolved');
    expect(pool.state()).toMatchObject({ running: 1, waiting: 0 });
  });
});
