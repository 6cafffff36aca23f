import { CliIo, progressBar } from './progress';

const recording = (tty: boolean) => {
  const io = { out: [] as string[], err: [] as string[] };
  const cli: CliIo = { out: (text) => void io.out.push(text), err: (text) => void io.err.push(text), tty };
  return { io, cli };
};

describe('the rebuild progress bar', () => {
  it('writes a line per tenth done when stderr is no terminal, with events/s, and the summary on stdout', () => {
    let now = 0;
    const { io, cli } = recording(false);
    const bar = progressBar(cli, 'analytics', () => now);
    for (let applied = 0; applied <= 1000; applied += 50) {
      now = applied; // a millisecond per event: 1000 events/s
      bar.update(applied, 1000);
    }
    bar.finish(1000);
    expect(io.err).toHaveLength(11);
    expect(io.err.at(-1)).toBe(`analytics [${'#'.repeat(30)}] 1000/1000 events, 1000 events/s\n`);
    expect(io.out).toEqual(['analytics: 1000 events replayed in 1.00 s (1000 events/s)\n']);
  });

  it('redraws one line in place on a terminal', () => {
    let now = 0;
    const { io, cli } = recording(true);
    const bar = progressBar(cli, 'analytics', () => now);
    bar.update(0, 10);
    now = 500;
    bar.update(5, 10);
    bar.finish(10);
    expect(io.err).toEqual([`\ranalytics [${'-'.repeat(30)}] 0/10 events, 0 events/s`, `\ranalytics [${'#'.repeat(15)}${'-'.repeat(15)}] 5/10 events, 10 events/s`, '\n']);
  });
});
