import { BenchContext, BenchSuite, Figure } from '../report';
import { median, percentile } from '../stats';
import { AlertRunResult, createTeam, runAlerts } from '../alert-to-page/alert-run';
import { PageClock } from '../alert-to-page/page-clock';
import { Topology, startDistributed, startStandalone } from '../alert-to-page/topology';

const SIGNING_SECRET = 'bench-alert-to-page-signing-secret-0123';
const RATE_PER_SECOND = 20;
// JIT, topic creation and consumer fetch sessions settle over the first seconds: the first repeats were the slow ones.
const warmUpAlerts = (quick: boolean) => (quick ? 20 : 100);
const TARGET_P99_MS = 500;

interface Measured {
  p50: number[];
  p99: number[];
  max: number[];
  missing: number;
  rejected: number;
  alerts: number;
}

/**
 * Time from an alert's 202 to the responder's webhook receiving the page, across every hop
 * (detection → triage → coordination → comms → HTTP), in the five-process deployment over Kafka,
 * priced against the standalone process (in-process bus) measured in the same run.
 */
export const alertToPage: BenchSuite = {
  name: 'alert-to-page',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const repeats = 3;
    const alertsPerRepeat = ctx.quick ? 40 : 200;
    const clock = new PageClock();
    const receiverUrl = await clock.start();
    try {
      const standalone = await measure(ctx, clock, receiverUrl, () => startStandalone(ctx.workDir, SIGNING_SECRET), repeats, alertsPerRepeat);
      const distributed = await measure(
        ctx,
        clock,
        receiverUrl,
        () => startDistributed(ctx.kafkaBrokers, ctx.workDir, SIGNING_SECRET),
        repeats,
        alertsPerRepeat,
      );
      const suite = 'alert-to-page';
      const setup = `${repeats} × ${alertsPerRepeat} alerts at ${RATE_PER_SECOND}/s`;
      const figure = (which: 'p50' | 'p99' | 'max', target?: string, met?: boolean): Figure => {
        const value = median(distributed[which]);
        const baseline = median(standalone[which]);
        return {
          suite,
          name: `5 processes over Kafka, alert 202 → page, ${which}`,
          value,
          unit: 'ms',
          baseline,
          ratio: value / baseline,
          target,
          met,
          samples: distributed[which],
          note: `baseline: standalone (in-process bus), samples ${standalone[which].map((v) => v.toFixed(1)).join(', ')}; ${setup}`,
        };
      };
      const p99 = median(distributed.p99);
      return [
        figure('p50'),
        figure('p99', `< ${TARGET_P99_MS} ms`, p99 < TARGET_P99_MS),
        figure('max'),
        {
          suite,
          name: '5 processes over Kafka, pages never arrived',
          value: distributed.missing,
          unit: `of ${distributed.alerts}`,
          baseline: standalone.missing,
          target: '0',
          met: distributed.missing === 0 && distributed.rejected === 0,
          note: `alerts refused or deduplicated: ${distributed.rejected} (standalone ${standalone.rejected})`,
        },
      ];
    } finally {
      await clock.stop();
    }
  },
};

async function measure(
  ctx: BenchContext,
  clock: PageClock,
  receiverUrl: string,
  start: () => Promise<Topology>,
  repeats: number,
  alertsPerRepeat: number,
): Promise<Measured> {
  const topology = await start();
  try {
    const team = await createTeam(topology, receiverUrl);
    // Topic creation, consumer-group joins and JIT happen on the first alerts: not part of the figure.
    const warmUp = await runAlerts(topology, clock, team, warmUpAlerts(ctx.quick), RATE_PER_SECOND, 30_000);
    if (warmUp.missing + warmUp.rejected > 0) ctx.log(`${topology.label}: warm-up lost ${warmUp.missing + warmUp.rejected} pages`);
    const measured: Measured = { p50: [], p99: [], max: [], missing: 0, rejected: 0, alerts: 0 };
    for (let i = 0; i < repeats; i++) {
      const result: AlertRunResult = await runAlerts(topology, clock, team, alertsPerRepeat, RATE_PER_SECOND, ctx.quick ? 10_000 : 30_000);
      measured.p50.push(percentile(result.latencies, 50));
      measured.p99.push(percentile(result.latencies, 99));
      measured.max.push(Math.max(...result.latencies));
      measured.missing += result.missing;
      measured.rejected += result.rejected;
      measured.alerts += alertsPerRepeat;
      ctx.log(
        `${topology.label} #${i + 1}: p50 ${measured.p50[i].toFixed(1)} ms, p99 ${measured.p99[i].toFixed(1)} ms, max ${measured.max[i].toFixed(1)} ms, ` +
          `${result.missing} missing, ${result.rejected} rejected`,
      );
    }
    return measured;
  } finally {
    await topology.stop();
  }
}
