// The results: one row per comparison, and the Markdown table of bench/RESULTS.md.

/**
 * A row whose figure is measured as a ratio to its baseline. `target` is the least ratio that meets
 * it (0: only reported), or with `higherIsBetter` false the most.
 */
export function ratioRow(figure, value, unit, baselineName, baseline, target, higherIsBetter = true) {
  const ratio = value / baseline;
  return { figure, value, unit, baselineName, baseline, ratio, target, pass: higherIsBetter ? ratio >= target : ratio <= target };
}

export function table(rows) {
  const fmt = (n, digits = 1) => (n === null || n === undefined ? '' : Number(n).toFixed(digits));
  const lines = [
    '| figure | Berth | baseline | baseline value | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const target = typeof r.target === 'number' ? (r.target > 0 ? `≥ ${r.target}×` : 'reported') : r.target;
      const digits = r.unit === 's' ? 2 : 1;
      const met = r.pass === null || r.target === 0 ? '' : r.pass ? 'yes' : 'no';
      return `| ${r.figure} | ${fmt(r.value, digits)} ${r.unit} | ${r.baselineName} | ${r.baseline === null ? '' : `${fmt(r.baseline, digits)} ${r.unit}`} | ${r.ratio === null ? '' : `${fmt(r.ratio, 2)}×`} | ${target} | ${met} |`;
    }),
  ];
  return lines.join('\n');
}
