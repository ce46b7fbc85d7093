import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache';

const small = () => 10;

describe('ReadCache', () => {
  it('answers a kept read from memory until something is written', async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = async () => ({ n: ++loads });
    const first = await cache.read('k', small, load);
    expect(await cache.read('k', small, load)).toBe(first);
    expect(loads).toBe(1);
    cache.written();
    expect(await cache.read('k', small, load)).toEqual({ n: 2 });
    expect(await cache.read('other', small, load)).toEqual({ n: 3 });
  });

  it('keeps nothing that was read while a write ran', async () => {
    const cache = new ReadCache();
    let loads = 0;
    const racing = cache.read('k', small, async () => {
      cache.written(); // a write ends while this read is still under way
      return ++loads;
    });
    expect(await racing).toBe(1);
    expect(await cache.read('k', small, async () => ++loads)).toBe(2);
    expect(await cache.read('k', small, async () => ++loads)).toBe(2);
  });

  it('keeps at most 8 MiB, dropping the oldest first, and never one answer of more than 1 MiB', async () => {
    const cache = new ReadCache();
    const mib = 2 ** 20;
    let loads = 0;
    const load = async () => ++loads;
    await cache.read('huge', () => mib + 1, load);
    expect(await cache.read('huge', () => mib + 1, load)).toBe(2);
    for (let i = 0; i < 9; i++) await cache.read(`k${i}`, () => mib, load);
    // Nine of 1 MiB do not fit in 8: the first went, the last are kept.
    expect(await cache.read('k8', () => mib, load)).toBe(11);
    expect(await cache.read('k1', () => mib, load)).toBe(4);
    expect(await cache.read('k0', () => mib, load)).toBe(12);
  });
});
