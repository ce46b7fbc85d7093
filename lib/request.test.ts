import { describe, expect, it } from 'vitest';
import { forwardedClientIp, publicOrigin, requestHost } from '@/lib/request';

describe('forwardedClientIp', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(forwardedClientIp('::ffff:10.0.0.5', '203.0.113.7', 0)).toBe('10.0.0.5');
  });

  it('counts trusted hops from the right, so a client cannot choose its address', () => {
    // The client wrote 1.1.1.1 itself; the load balancer appended the address it saw.
    expect(forwardedClientIp('10.0.0.1', '1.1.1.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(forwardedClientIp('10.0.0.1', ['1.1.1.1', '203.0.113.7, 10.0.0.2'], 2)).toBe('203.0.113.7');
  });

  it('stops at the furthest address known when there are fewer entries than hops', () => {
    expect(forwardedClientIp('10.0.0.1', '203.0.113.7', 3)).toBe('203.0.113.7');
    expect(forwardedClientIp('10.0.0.1', ' , ', 1)).toBe('10.0.0.1');
    expect(forwardedClientIp('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
  });
});

describe('forwarded host and protocol without TRUST_PROXY', () => {
  it('are ignored: the origin comes from the Host header', () => {
    const headers = new Headers({ host: 'berth.example:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(requestHost(headers)).toBe('berth.example:3000');
    expect(publicOrigin(headers)).toBe('http://berth.example:3000');
  });
});
