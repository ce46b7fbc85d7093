/** What a token's list and details show as its state. */
export function tokenStatus(token: { isActive: boolean; expiresAt: Date | null }, now = new Date()) {
  if (token.expiresAt && token.expiresAt <= now) return 'Expired' as const;
  return token.isActive ? ('Active' as const) : ('Inactive' as const);
}
