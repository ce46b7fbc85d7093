import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPreparedStatements } from './pglite-prepared';

describe('PGlite with prepared statements', () => {
  let pg: PGlite;
  let prepared: PGlite;
  let writes = 0;

  beforeAll(async () => {
    pg = new PGlite();
    prepared = withPreparedStatements(pg, () => writes++);
    await pg.exec(`create table t (id int primary key, name text, at timestamptz, tags text[], doc jsonb, ok boolean)`);
  });
  afterAll(() => pg.close());

  it('answers as PGlite does, with the same parameter and result types', async () => {
    const insert = 'insert into t values ($1, $2, $3, $4, $5, $6) returning *';
    const row = [1, 'one', new Date('2026-01-02T03:04:05Z'), ['a', 'b'], { k: [1, 2] }, true];
    const mine = await prepared.query(insert, row);
    expect(mine.rows).toEqual([{ id: 1, name: 'one', at: row[2], tags: ['a', 'b'], doc: { k: [1, 2] }, ok: true }]);
    expect(mine.affectedRows).toBe(1);
    const select = 'select * from t where id = $1 or name = $2';
    for (let i = 0; i < 8; i++) {
      // Past the fifth run PostgreSQL may switch to a generic plan; the answer must not change.
      expect(await prepared.query(select, [1, null], { rowMode: 'array' })).toEqual(await pg.query(select, [1, null], { rowMode: 'array' }));
    }
  });

  it('reports errors with their SQLSTATE and stays usable after them', async () => {
    await expect(prepared.query('insert into t (id) values ($1)', [1])).rejects.toMatchObject({ code: '23505' });
    await expect(prepared.query('select $1::int', ['x'])).rejects.toMatchObject({ code: '22P02' });
    await expect(prepared.query('select nonsense from t')).rejects.toMatchObject({ code: '42703' });
    expect((await prepared.query('select count(*)::int as n from t')).rows).toEqual([{ n: 1 }]);
  });

  it('prepares again when a table changed under a statement', async () => {
    const all = 'select * from t where id = $1';
    expect(Object.keys((await prepared.query<object>(all, [1])).rows[0])).toHaveLength(6);
    await pg.exec('alter table t add column extra int default 7');
    expect((await prepared.query<{ extra: number }>(all, [1])).rows[0].extra).toBe(7);
  });

  it('never runs inside a transaction someone else has open', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = pg.transaction(async (t) => {
      await t.query(`update t set name = 'uncommitted' where id = 1`);
      await held;
      await t.rollback();
    });
    const read = prepared.query<{ name: string }>('select name from t where id = $1', [1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await tx;
    expect((await read).rows[0].name).toBe('one');
  });

  it('keeps a bounded number of statements', async () => {
    for (let i = 0; i < 250; i++) expect((await prepared.query<{ n: number }>(`select ${i}::int as n`)).rows[0].n).toBe(i);
    const { rows } = await pg.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements');
    expect(rows[0].n).toBeLessThanOrEqual(200);
  });

  it('tells of every statement or transaction that may have written, and of no read', async () => {
    const wrote = async (run: () => Promise<unknown>) => {
      const before = writes;
      await run().catch(() => undefined);
      return writes - before;
    };
    expect(await wrote(() => prepared.query('select * from t where id = $1', [1]))).toBe(0);
    expect(await wrote(() => prepared.query(' (select id from t) union all (select 2)'))).toBe(0);
    expect(await wrote(() => prepared.query('SELECT id FROM t WHERE id = $1 FOR UPDATE', [1]))).toBe(0);
    expect(await wrote(() => prepared.query(`update t set name = 'x' where id = $1`, [1]))).toBe(1);
    expect(await wrote(() => prepared.query('insert into t (id) values ($1)', [1]))).toBe(1); // fails: still told
    expect(await wrote(() => prepared.query(`with gone as (delete from t where id = $1 returning id) select * from gone`, [99]))).toBe(1);
    expect(await wrote(() => prepared.transaction((tx) => tx.query('select 1')))).toBe(1);
    expect(await wrote(() => prepared.transaction(async () => Promise.reject(new Error('rolled back'))))).toBe(1);
  });
});
