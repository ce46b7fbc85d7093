/**
 * Every list's table, with its caption for screen readers, in a container of its own that scrolls
 * sideways when the table is wider than the screen, so the page itself never does (SPEC 7, phones).
 */
export function DataTable({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table rounded-lg bg-white">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
