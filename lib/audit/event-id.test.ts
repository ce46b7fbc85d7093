import { describe, expect, it } from 'vitest';
import { eventId } from '@/lib/audit/event-id';

describe('eventId', () => {
  it('is a UUIDv7 that grows within the process, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => eventId(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
