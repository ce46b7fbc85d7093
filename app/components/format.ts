/** Dates shown in UTC, the same on server and client, so rendering never disagrees. */
export function formatDate(date: Date | null | undefined, empty = 'Never'): string {
  if (!date) return empty;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A size in bytes in human units (1024-based, as docker shows image sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
