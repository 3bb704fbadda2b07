/** The colour key under a stacked-bar chart; the charts also carry a data table for screen readers. */
export function ChartLegend({ segments }: { segments: readonly { name: string; color: string }[] }) {
  return (
    <ul style="list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0">
      {segments.map((s) => (
        <li>
          <svg width="14" height="14" aria-hidden="true" style="vertical-align:middle">
            <rect width="14" height="14" fill={s.color} />
          </svg>{' '}
          {s.name}
        </li>
      ))}
    </ul>
  );
}
