import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, isWellFormedToken, looksLikeToken, tokenHint, TOKEN_LENGTH } from './format';

describe('token format', () => {
  it('is brt_ + 42 base62 characters with a valid checksum', () => {
    const token = generateToken();
    expect(token).toMatch(/^brt_[0-9A-Za-z]{42}$/);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(TOKEN_LENGTH).toBe(46);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('rejects a changed character through the checksum', () => {
    const token = generateToken();
    const i = 10;
    const swapped = token[i] === 'a' ? 'b' : 'a';
    const typo = token.slice(0, i) + swapped + token.slice(i + 1);
    expect(looksLikeToken(typo)).toBe(true);
    expect(isWellFormedToken(typo)).toBe(false);
  });

  it('rejects other shapes', () => {
    for (const s of ['', 'password', 'brt_short', `ghp_${'a'.repeat(42)}`, `${generateToken()}x`]) {
      expect(isWellFormedToken(s)).toBe(false);
    }
  });

  it('never repeats and hashes to lowercase hex SHA-256', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    const t = generateToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(tokenHint(t)).toBe(`brt_…${t.slice(-4)}`);
  });
});
