import { join } from 'node:path';
import { CATCH_UP_PAGE_SIZE } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { timelineStream } from '@linchpin/review';
import { BenchSuite, Figure } from '../report';
import { median } from '../stats';
import { bareRead, decodedReadAll, rawReadStreams, rebuildAllReadModels, rebuildTimelines } from '../replay/measure-replay';
import { reviewStoreFile } from '../replay/review-store-file';

/** Issue 17 targets, as ratios to the bare read of the same run. */
const DECODED_TARGET = 0.8;
const REBUILD_TARGET = 0.5;
/** Typical incidents whose timelines are queried per repeat, spread over the log. */
const SAMPLE = 200;

const spread = <T>(items: T[], n: number): T[] =>
  items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);

/**
 * Replay: how close reading review's SQLite store comes to a bare iteration of the same rows with their JSON parsed
 * (better-sqlite3 raw rows, JSON.parse of data and metadata, nothing else), measured in the same run:
 * - decoded readAll: the whole log through SqliteEventStore.readAll in catch-up pages, each event decoded;
 * - rebuild: every review read model rebuilt into a read-model file, as `linchpin rebuild` does.
 * Each repeat measures the three one after the other, and a ratio is the median of the repeats' own ratios, so a
 * machine busy during one repeat weighs on its three figures alike.
 */
export const replaySuite: BenchSuite = {
  name: 'replay',
  async run({ quick, workDir, log }) {
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const repeats = 3;
    const figures: Figure[] = [];
    for (const size of sizes) {
      const generating = Date.now();
      const file = await reviewStoreFile(workDir, size);
      log(`${size.toLocaleString('en-US')} events: store file ready in ${((Date.now() - generating) / 1000).toFixed(1)} s`);
      const typical = spread(file.typicalIncidents, SAMPLE);
      const samples = { bare: [] as number[], decoded: [] as number[], rebuild: [] as number[], stream: [] as number[], typical: [] as number[], large: [] as number[] };
      const store = new SqliteEventStore({ path: file.path });
      try {
        for (let r = 0; r < repeats; r++) {
          samples.bare.push(bareRead(file.path));
          samples.decoded.push(await decodedReadAll(store));
          samples.rebuild.push(await rebuildAllReadModels(store, join(workDir, `read-models-${size}.sqlite`)));
          samples.stream.push(await rawReadStreams(store, typical.map(timelineStream)));
          samples.typical.push(await rebuildTimelines(store, typical));
          samples.large.push(await rebuildTimelines(store, [file.largeIncident.id]));
          const [bare, decoded, rebuild] = [samples.bare[r], samples.decoded[r], samples.rebuild[r]].map(Math.round);
          log(`${size}: repeat ${r + 1}/${repeats}: bare ${bare}, decoded readAll ${decoded}, rebuild ${rebuild} events/s`);
        }
      } finally {
        await store.close();
      }
      const bare = median(samples.bare);
      const label = `${size.toLocaleString('en-US')} events`;
      const ratioTo = (values: number[]) => median(values.map((value, r) => value / samples.bare[r]));
      const measured = (name: string, values: number[], target: number | undefined, note: string): Figure => {
        const ratio = ratioTo(values);
        return {
          suite: 'replay',
          name: `${label}: ${name}`,
          value: median(values),
          unit: 'events/s',
          baseline: bare,
          ratio,
          ...(target === undefined ? {} : { target: `≥ ${target}× bare read`, met: ratio >= target }),
          samples: values,
          note,
        };
      };
      figures.push(
        {
          suite: 'replay',
          name: `${label}: bare read, rows with their JSON parsed (baseline)`,
          value: bare,
          unit: 'events/s',
          samples: samples.bare,
          note: 'better-sqlite3 raw iterate of the readAll SELECT over the whole log, JSON.parse of data and metadata',
        },
        measured(`decoded readAll in pages of ${CATCH_UP_PAGE_SIZE}`, samples.decoded, DECODED_TARGET, 'SqliteEventStore.readAll, unfiltered, in catch-up pages; ratio: median of the repeats’ ratios'),
        measured('rebuild all read models (linchpin rebuild)', samples.rebuild, REBUILD_TARGET, 'rebuildReadModels over a read-model file: count, drop, replay review’s store into every model; ratio: median of the repeats’ ratios'),
        measured(`one incident's timeline, typical (20 entries, ${typical.length} incidents)`, samples.typical, undefined, `GetTimelineHandler per incident; raw readStream of the same streams: ${Math.round(median(samples.stream)).toLocaleString('en-US')} events/s`),
        measured(`one incident's timeline, large (${file.largeIncident.entries.toLocaleString('en-US')} entries)`, samples.large, undefined, 'GetTimelineHandler on the longest stream'),
      );
    }
    return figures;
  },
};
