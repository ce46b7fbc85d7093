import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleField, createLogger, errorFields } from '@/lib/log';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(destination), lines };
}

const SECRET = 'brt_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t';

describe('logs', () => {
  it('are one JSON object per line, and redact secret-bearing keys at any depth', () => {
    const { logger, lines } = capture();
    logger.info({ authorization: `Basic ${SECRET}`, request: { headers: { cookie: SECRET }, password: SECRET } }, 'an event');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'info', msg: 'an event', authorization: '[redacted]' });
    expect(lines[0]).not.toContain(SECRET);
  });

  it('keep of a failed query its class and code, never its SQL or parameters', () => {
    const cause = Object.assign(new Error(`duplicate key value violates unique constraint`), { code: '23505', severity: 'ERROR', detail: `Key (name)=(${SECRET})` });
    const error = Object.assign(new Error(`Failed query: insert into x values ($1)\nparams: ${SECRET}`), { query: 'insert', params: [SECRET], cause });
    const { logger, lines } = capture();
    logger.error({ err: error }, 'unhandled error in a route');
    expect(errorFields(error)).toEqual({ type: 'Error', code: '23505' });
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('withhold console text that quotes SQL', () => {
    expect(consoleField(`⨯ Error: Failed query: select 1\nparams: ${SECRET}`)).toBe('[database error text withheld]');
    expect(consoleField('a plain line')).toBe('a plain line');
  });
});
