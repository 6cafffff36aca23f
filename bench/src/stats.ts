export const median = (values: number[]): number => percentile(values, 50);

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Runs `measure` `repeats` times and returns every sample (callers take the median). */
export async function repeat(repeats: number, measure: (i: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) samples.push(await measure(i));
  return samples;
}
