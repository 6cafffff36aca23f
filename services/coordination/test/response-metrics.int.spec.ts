import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { asAdmin, eventually, seriesIn } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { triaged } from './support/triaged';

/*
 * Coordination's incident metrics on GET /metrics over real HTTP: a real SQLite file kept across a restart,
 * the in-process bus, a ManualClock moved past the deadlines (no test sleeps).
 */

const MINUTE = 60_000;
describe('coordination metrics: open incidents, escalations, time to acknowledge (SQLite file, restart)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-response-metrics-'));
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  let coordination: ServiceApp;
  const start = async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, sqlitePath: join(dir, 'events.db'), env: { OUTBOUND_ALLOW_CIDRS: undefined } });
  };
  const http = () => asAdmin(coordination.app.getHttpServer());
  const scrape = async () => seriesIn((await http().get('/metrics').expect(200)).text);
  const open = async (priority: 'P1' | 'P3') => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, { priority, fallbackRoute: { team: 'payments' } }) }]);
    return incidentId;
  };
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await coordination.app.get(EscalationTimers).driver.tick();
  };
  const escalations = (series: Map<string, number>) =>
    Object.fromEntries(['timeout', 'manual', 'sla-breach', 'exhausted'].map((reason) => [reason, series.get(`linchpin_escalations_total{reason="${reason}"}`)]));
  const openIncidents = (series: Map<string, number>) =>
    Object.fromEntries(['P1', 'P2', 'P3', 'P4', 'P5', 'none'].map((priority) => [priority, series.get(`linchpin_incidents_open{priority="${priority}"}`)]));

  afterAll(async () => {
    await coordination?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts escalations once, observes the first acknowledgement in its bucket, and after a restart counts neither again while the open incidents still show', async () => {
    await start();
    // No SLA targets: only the escalation deadlines and the hand escalate.
    await http().put('/coordination/sla-targets').send({ targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' }).expect(200);
    const register = async (name: string): Promise<string> =>
      (await http().post('/coordination/people').send({ name, timeZone: 'UTC', contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body.personId;
    const members = [await register('alice'), await register('bob')];
    // The team's default policy: level 1 the first member, level 2 the second after 15 min.
    await http().post('/coordination/teams').send({ name: 'payments', members: members.map((personId, i) => ({ personId, onCallOrder: i + 1 })) }).expect(201);

    const first = await open('P1');
    const second = await open('P3');
    expect(openIncidents(await scrape())).toEqual({ P1: 1, P2: 0, P3: 1, P4: 0, P5: 0, none: 0 });
    expect(escalations(await scrape())).toEqual({ timeout: 0, manual: 0, 'sla-breach': 0, exhausted: 0 });

    await http().post(`/coordination/incidents/${second}/escalate`).send({}).expect(202); // level 2 by hand, now
    await later(15); // the first reaches level 2 by its deadline; the second's last level runs out: exhausted
    await later(0); // a second pass (a retry, another replica) decides nothing new
    expect(escalations(await scrape())).toEqual({ timeout: 1, manual: 1, 'sla-breach': 0, exhausted: 1 });

    await later(5);
    await http().post(`/coordination/incidents/${first}/acknowledge`).send({}).expect(202); // 20 min after its first page
    const bucket = (series: Map<string, number>, le: string) => series.get(`linchpin_time_to_acknowledge_seconds_bucket{le="${le}",priority="P1"}`);
    const acknowledged = await eventually('the acknowledgement measured', async () => {
      const series = await scrape();
      return series.get('linchpin_time_to_acknowledge_seconds_count{priority="P1"}') === 1 ? series : undefined;
    });
    expect(acknowledged.get('linchpin_time_to_acknowledge_seconds_sum{priority="P1"}')).toBe(1200);
    expect([bucket(acknowledged, '900'), bucket(acknowledged, '1800')]).toEqual([0, 1]);
    await http().post(`/coordination/incidents/${first}/resolve`).send({}).expect(202);
    expect(openIncidents(await scrape())).toMatchObject({ P1: 0, P3: 1 });

    await coordination.close();
    await start();
    await later(0);
    const restarted = await scrape();
    expect(escalations(restarted)).toEqual({ timeout: 0, manual: 0, 'sla-breach': 0, exhausted: 0 });
    expect(restarted.get('linchpin_time_to_acknowledge_seconds_count{priority="P1"}') ?? 0).toBe(0);
    expect(openIncidents(restarted)).toMatchObject({ P1: 0, P3: 1 });

    // A first acknowledgement after the restart is measured as before.
    await http().post(`/coordination/incidents/${second}/acknowledge`).send({}).expect(202);
    await eventually('the second incident measured', async () => ((await scrape()).get('linchpin_time_to_acknowledge_seconds_count{priority="P3"}') === 1 ? true : undefined));
  });
});
