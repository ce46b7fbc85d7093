// Answers of reads kept until the next write, on the embedded PGlite only (docs/decisions/050). There
// the server's process is the database's only client, and every statement passes through it
// (pglite-prepared.ts): a write anywhere ends everything kept, so what is kept is never older than
// the database. On PostgreSQL other instances write too; nothing is kept there.

/** How much is kept at most, estimated by the caller per answer; one answer may take an eighth. */
const MAX_BYTES = 8 * 2 ** 20;

export class ReadCache {
  private generation = 0;
  private entries = new Map<string, { value: unknown; bytes: number }>();
  private bytes = 0;

  /** Called once a statement that may change data has run (or failed): everything kept goes. */
  written() {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * The answer kept under `key`, or `load`'s, kept when no write ran while it was read. `bytes`
   * estimates its size. Answers are shared between callers: never change one.
   */
  async read<T>(key: string, bytes: (value: T) => number, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept.value as T;
    const generation = this.generation;
    const value = await load();
    const size = bytes(value);
    if (generation !== this.generation || size > MAX_BYTES / 8) return value;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes + size <= MAX_BYTES) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
    this.bytes += size - (this.entries.get(key)?.bytes ?? 0);
    this.entries.set(key, { value, bytes: size });
    return value;
  }
}
