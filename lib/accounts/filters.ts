/** eNZi's account list filters. */
export const ACCOUNT_FILTERS = ['all', 'users', 'orgs', 'admins', 'non-admins', 'active-users', 'inactive-users'] as const;
export type AccountFilter = (typeof ACCOUNT_FILTERS)[number];
