/** A long Russian title cut to fit a chart's label line, with an ellipsis. */
export const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
