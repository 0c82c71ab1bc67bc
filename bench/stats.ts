/** Median and range of repeated measurements: the median resists the noise of a shared machine, the range shows it. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median. */
  readonly spread: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spread: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return { median, min, max, spread: (max - min) / median };
}

/** Ratios of measurements taken in the same round (paired), so that a slow minute of the machine cancels out. */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  return numerators.flatMap((value, round) => (denominators[round] ? [value / denominators[round]!] : []));
}
