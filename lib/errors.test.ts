// Which errors mean "the database cannot be reached" (503) and which are a query's own (SPEC 10).
// The PostgreSQL ones are raised for real in test/integration/database-unreachable.test.ts; here are
// the shapes each driver gives them, and a real closed PGlite.
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { ApiError, isDatabaseUnavailable, isForeignKeyViolation, isWriteConflict, knownFault, raceWithDelete } from '@/lib/errors';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** As drizzle wraps a driver's error: its own message (the query and parameters), the driver's as cause. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['ECONNREFUSED', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['ECONNRESET', coded('ECONNRESET')],
    ['ETIMEDOUT', coded('ETIMEDOUT')],
    ['ENOTFOUND', coded('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal')],
    ['postgres.js CONNECTION_CLOSED', coded('CONNECTION_CLOSED', 'write CONNECTION_CLOSED 127.0.0.1:5432')],
    ['postgres.js CONNECTION_ENDED', coded('CONNECTION_ENDED')],
    ['postgres.js CONNECTION_DESTROYED', coded('CONNECTION_DESTROYED')],
    ['postgres.js CONNECT_TIMEOUT', coded('CONNECT_TIMEOUT')],
    ['57P01 admin shutdown', coded('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash shutdown', coded('57P02')],
    ['57P03 cannot connect now', coded('57P03', 'the database system is starting up')],
    ['08006 connection failure', coded('08006')],
    ['08001 cannot establish', coded('08001')],
    ['53300 too many connections', coded('53300', 'sorry, too many clients already')],
    ['wrapped by drizzle', wrapped(coded('ECONNREFUSED'))],
    ['an AggregateError of every address tried', Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' })],
    ['an AggregateError without a code of its own', new AggregateError([coded('EHOSTUNREACH')], '')],
    ['PGlite closed', new Error('PGlite is closed')],
    ['PGlite closing', wrapped(new Error('PGlite is closing'))],
    ['PGlite aborted', new Error('Aborted(). Build with -sASSERTIONS for more info.')],
  ])('%s: yes', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(knownFault(error)).toMatchObject({ code: 'UNAVAILABLE', status: 503, headers: { 'Retry-After': expect.stringMatching(/^\d+$/) } });
  });

  it.each([
    ['a syntax error', coded('42601')],
    ['a unique violation', wrapped(coded('23505'))],
    ['a foreign key violation', coded('23503')],
    ['a NUL byte', coded('22021')],
    ['a serialization failure', coded('40001')],
    ['a TypeError of ours', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['an ApiError', new ApiError('NO_SUCH_TEAM', 404, 'No team')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
    ['a cycle of causes', (() => { const e = new Error('x') as Error & { cause?: unknown }; e.cause = e; return e; })()],
  ])('%s: no', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('recognises a real PGlite that was closed under a query', async () => {
    const pglite = new PGlite();
    await pglite.query('select 1');
    await pglite.close();
    const error = await pglite.query('select 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

describe('writes that lose a race', () => {
  it('name foreign key violations and write conflicts apart from the database being away', () => {
    expect(isForeignKeyViolation(wrapped(coded('23503')))).toBe(true);
    expect(isWriteConflict(coded('40P01'))).toBe(true);
    expect(isWriteConflict(coded('40001'))).toBe(true);
    for (const code of ['23503', '23505', '40001', '40P01']) expect(knownFault(coded(code))).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(knownFault(new TypeError('x'))).toBeUndefined();
  });

  it('raceWithDelete answers the 404 of what went, else 409, and passes anything else on', async () => {
    const gone = new ApiError('NO_SUCH_TEAM', 404, 'No team');
    await expect(raceWithDelete(coded('23503'), async () => Promise.reject(gone))).rejects.toBe(gone);
    await expect(raceWithDelete(coded('23503'), async () => 'still there')).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    const other = coded('42601');
    await expect(raceWithDelete(other, async () => Promise.reject(gone))).rejects.toBe(other);
  });
});
