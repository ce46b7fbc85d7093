/** Repository access levels, lowest first (SPEC 3). */
export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** 1 (read-only) to 3 (admin); 0 is no access. */
export const rankOf = (level: AccessLevel) => ACCESS_LEVELS.indexOf(level) + 1;
export const levelOf = (rank: number): AccessLevel | null => ACCESS_LEVELS[rank - 1] ?? null;

export function atLeast(level: AccessLevel | null, needed: AccessLevel): boolean {
  return level !== null && rankOf(level) >= rankOf(needed);
}
