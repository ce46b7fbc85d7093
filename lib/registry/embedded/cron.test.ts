import { describe, expect, it } from 'vitest';
import { parseCron } from '@/lib/registry/embedded/cron';

const at = (iso: string) => new Date(`${iso}Z`);

describe('REGISTRY_GC_CRON schedules', () => {
  it.each([
    ['0 3 * * 0', '2026-12-06T03:00', true], // a Sunday
    ['0 3 * * 0', '2026-12-07T03:00', false],
    ['0 3 * * 7', '2026-12-06T03:00', true], // 7 is Sunday too
    ['*/15 * * * *', '2026-12-01T10:45', true],
    ['*/15 * * * *', '2026-12-01T10:46', false],
    ['30 1-3 * * *', '2026-12-01T02:30', true],
    ['30 1-3 * * *', '2026-12-01T04:30', false],
    ['0 0 1,15 * *', '2026-12-15T00:00', true],
    ['0 0 1 * 1', '2026-12-07T00:00', true], // either day field matches, as cron reads both
    ['0 0 1 * 1', '2026-12-08T00:00', false],
    ['0 12 * 6 *', '2026-12-01T12:00', false],
  ])('%s at %s: %s', (expression, time, expected) => {
    expect(parseCron(expression).matches(at(time))).toBe(expected);
  });

  it.each(['', '* * * *', '* * * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '5-1 * * * *', '*/0 * * * *', 'a * * * *', '1,,2 * * * *'])(
    'refuses %j',
    (expression) => {
      expect(() => parseCron(expression)).toThrow();
    },
  );
});
