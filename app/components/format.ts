/** Dates shown in UTC, the same on server and client, so rendering never disagrees. */
export function formatDate(date: Date | null | undefined, empty = 'Never'): string {
  if (!date) return empty;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
