/** A record count; null or undefined: Flink has not reported it yet. */
export const formatCount = (n: number | null | undefined) =>
  n === undefined || n === null ? '—' : n.toLocaleString();
