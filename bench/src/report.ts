/** One measured figure. `baseline` is measured in the same run, so `ratio` survives a noisy machine. */
export interface Figure {
  suite: string;
  /** What was measured, e.g. `standalone, new alerts, 10 senders`. */
  name: string;
  value: number;
  unit: string;
  /** The same measure on the baseline, in the same run. */
  baseline?: number;
  /** value / baseline (or baseline / value for "lower is better" units, as `higherIsBetter` says). */
  ratio?: number;
  /** Human-readable target, e.g. `≥ 10,000 alerts/s` or `≥ 0.5× baseline`. */
  target?: string;
  met?: boolean;
  /** Every repeat, so the median can be checked. */
  samples?: number[];
  note?: string;
}

export interface BenchContext {
  /** Smaller sizes and fewer repeats, for a quick look (`npm run bench -- --quick`). */
  quick: boolean;
  /** Brokers of a real Kafka broker for the suites that need one. */
  kafkaBrokers: string[];
  /** The commit the memory suite compares this tree with (`--baseline-ref`; the parent commit by default). */
  baselineRef: string;
  /** A fresh directory for this suite's files. */
  workDir: string;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(context: BenchContext): Promise<Figure[]>;
}

const formatNumber = (n: number): string =>
  !Number.isFinite(n) ? '—' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A cell holds no `|` or line break. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A Markdown table: printed, and pasted as is into README "Performance". */
export function toMarkdown(figures: Figure[]): string {
  const rows = figures.map((f) =>
    [
      f.suite,
      f.name,
      `${formatNumber(f.value)} ${f.unit}`,
      f.baseline === undefined ? '' : `${formatNumber(f.baseline)} ${f.unit}`,
      f.ratio === undefined || !Number.isFinite(f.ratio) ? '' : `${f.ratio.toFixed(2)}×`,
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'yes' : 'no',
      cell(f.note ?? ''),
    ].join(' | '),
  );
  return [
    '| suite | measure | median | baseline | ratio | target | met | note |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}
