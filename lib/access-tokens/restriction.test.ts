import { describe, expect, it } from 'vitest';
import { repositoriesSchema, repositoryPatternSchema, restrictionParts, splitPatterns } from '@/lib/access-tokens/restriction';

describe('repository patterns', () => {
  it('takes namespace/name and namespace/*', () => {
    for (const ok of ['acme/app', 'acme/*', 'a.b-c/x__y', 'ab/a-b.c', `${'n'.repeat(64)}/${'r'.repeat(255)}`]) {
      expect([ok, repositoryPatternSchema.safeParse(ok).success]).toEqual([ok, true]);
    }
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'acme', 'acme/', '/app', '*', '*/*', 'acme/**', 'acme/a*', 'acme/*/x', 'a/app', 'Acme/app', 'acme/App', 'acme/a b', 'acme/app/', 'acme//app', `${'n'.repeat(65)}/a`, 'acme/app\u0000', 'acme/-app']) {
      expect([bad, repositoryPatternSchema.safeParse(bad).success]).toEqual([bad, false]);
    }
  });

  it('keeps a list sorted without duplicates, and splits it into names and namespaces', () => {
    const list = repositoriesSchema.parse(['zed/*', 'acme/app', 'zed/*']);
    expect(list).toEqual(['acme/app', 'zed/*']);
    expect(restrictionParts(list)).toEqual({ names: ['acme/app'], namespaces: ['zed'] });
    expect(splitPatterns(' acme/app,zed/*\n  x/y ')).toEqual(['acme/app', 'zed/*', 'x/y']);
    expect(repositoriesSchema.safeParse(Array.from({ length: 101 }, (_, i) => `acme/r${i}`)).success).toBe(false);
  });
});
