/** Dates shown in UTC, the same on server and client, so rendering never disagrees. */
export function formatDate(date: Date | null | undefined, empty = 'Never'): string {
  if (!date) return empty;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function tokenStatus(token: { isActive: boolean; expiresAt: Date | null }, now = new Date()) {
  if (token.expiresAt && token.expiresAt <= now) return 'Expired' as const;
  return token.isActive ? ('Active' as const) : ('Inactive' as const);
}
