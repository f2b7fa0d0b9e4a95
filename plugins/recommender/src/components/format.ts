/** A metric with three decimals, or an em dash when the run did not produce it. */
export function metric(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

/** How many times the baseline the model reaches ("2.6×"); undefined when it cannot be said. */
export function lift(
  model: number | null | undefined,
  baseline: number | null | undefined,
): string | undefined {
  if (model === null || model === undefined) return undefined;
  if (baseline === null || baseline === undefined || baseline <= 0)
    return undefined;
  return `${(model / baseline).toFixed(1)}×`;
}

/** "0.4 s", "12.5 s", "3 min 5 s", "1 h 2 min". */
export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 60) return `${value.toFixed(1)} s`;
  const s = Math.round(value);
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "10,045", or an em dash. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '—'
    : value.toLocaleString('en-US');
}
