import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { timelineStream } from '@linchpin/review';
import { BenchSuite, Figure } from '../report';
import { median } from '../stats';
import { rawReadAll, rawReadStreams, rebuildAll, rebuildTimelines } from '../replay/measure-replay';
import { reviewStoreFile } from '../replay/review-store-file';

const TARGET_RATE = 250_000;
const TARGET_RATIO = 0.3;
const TARGET = `≥ ${TARGET_RATE.toLocaleString('en-US')} events/s and ≥ ${TARGET_RATIO}× raw`;
/** Typical incidents whose timelines are queried per repeat, spread over the log. */
const SAMPLE = 200;

const spread = <T>(items: T[], n: number): T[] =>
  items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);

/**
 * Replay: how fast review rebuilds its read models from a SQLite store, against how fast the
 * same store hands out its events in the same run (readAll in pages, nothing done with them).
 */
export const replaySuite: BenchSuite = {
  name: 'replay',
  async run({ quick, workDir, log }) {
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const repeats = quick ? 1 : 3;
    const figures: Figure[] = [];
    for (const size of sizes) {
      const generating = Date.now();
      const file = await reviewStoreFile(workDir, size);
      log(`${size.toLocaleString('en-US')} events: store file ready in ${((Date.now() - generating) / 1000).toFixed(1)} s`);
      const typical = spread(file.typicalIncidents, SAMPLE);
      const samples = { raw: [] as number[], stream: [] as number[], timelines: [] as number[], all: [] as number[], typical: [] as number[], large: [] as number[] };
      const store = new SqliteEventStore({ path: file.path });
      try {
        for (let r = 0; r < repeats; r++) {
          samples.raw.push(await rawReadAll(store));
          samples.timelines.push((await rebuildAll(store, false)).rate);
          samples.all.push((await rebuildAll(store, true)).rate);
          samples.stream.push(await rawReadStreams(store, typical.map(timelineStream)));
          samples.typical.push(await rebuildTimelines(store, typical));
          samples.large.push(await rebuildTimelines(store, [file.largeIncident.id]));
          log(`${size}: repeat ${r + 1}/${repeats}: raw ${Math.round(samples.raw[r])}, all ${Math.round(samples.all[r])}, typical ${Math.round(samples.typical[r])}, large ${Math.round(samples.large[r])} events/s`);
        }
      } finally {
        await store.close();
      }
      const raw = median(samples.raw);
      const label = `${size.toLocaleString('en-US')} events`;
      const measured = (name: string, values: number[], note: string): Figure => {
        const value = median(values);
        const ratio = value / raw;
        return {
          suite: 'replay',
          name: `${label}: ${name}`,
          value,
          unit: 'events/s',
          baseline: raw,
          ratio,
          target: TARGET,
          met: value >= TARGET_RATE && ratio >= TARGET_RATIO,
          samples: values,
          note,
        };
      };
      figures.push(
        { suite: 'replay', name: `${label}: raw readAll in pages of 500 (baseline)`, value: raw, unit: 'events/s', samples: samples.raw },
        measured('rebuild all read models (timelines + as-of states)', samples.all, 'readAll in pages, upcast, review entryOf() per event into its stream, ordered(), asOf() per incident'),
        measured('rebuild timeline read model only', samples.timelines, 'readAll in pages, upcast, review entryOf() per event into its stream, ordered()'),
        measured(`one incident's timeline, typical (20 entries, ${typical.length} incidents)`, samples.typical, `GetTimelineHandler per incident; raw readStream of the same streams: ${Math.round(median(samples.stream)).toLocaleString('en-US')} events/s`),
        measured(`one incident's timeline, large (${file.largeIncident.entries.toLocaleString('en-US')} entries)`, samples.large, 'GetTimelineHandler on the longest stream'),
      );
    }
    return figures;
  },
};
