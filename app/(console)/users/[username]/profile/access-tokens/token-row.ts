/** A token as the tab shows it: what the list, the details and the delete dialog read. */
export type TokenRow = {
  hashedToken: string;
  tokenLabel: string;
  hint: string;
  status: 'Active' | 'Inactive' | 'Expired';
  isActive: boolean;
  scope: string;
  createdAt: string;
  generatedBy: string;
  lastUsed: string;
  lastUsedIp: string;
  expiresAt: string;
  /** The same moments as ISO strings (for relative times and sorting); null for never. */
  times: { created: string; lastUsed: string | null; expires: string | null };
  /** The restriction as shown: "All" or the patterns. */
  repositories: string;
  /** When the old secret of a rotation stops working; empty when none does. */
  rotatingUntil: string;
};
