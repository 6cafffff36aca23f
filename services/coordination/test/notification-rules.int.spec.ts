import { asAdmin } from '@linchpin/testing';
import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { triaged } from './support/triaged';

/*
 * A person's notification rules over time, over HTTP: a real SQLite file, the in-process bus, a
 * ManualClock moved minute by minute and the timer driver's pass run (`driver.tick()`): no sleeps.
 * Dana's rules: her webhook at once, her Slack after 2 minutes of an unacknowledged page.
 */

const MINUTE = 60_000;
interface Page {
  pageId: string;
  personId: string;
  contactMethodId: string;
  contactKind: string;
  escalationLevel: number;
  reason: string;
}

describe('notification rules over time (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await coordination.app.get(EscalationTimers).driver.tick();
  };
  const pages = async (incidentId: string): Promise<Page[]> => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body.pages;
  const open = async () => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, { team: 'checkout' }) }]);
    return incidentId;
  };
  const stored = async (incidentId: string) => coordination.store.readStream(`response-${incidentId}`);

  let webhook: string, slack: string;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    const dana = (
      await http()
        .post('/coordination/people')
        .send({
          name: 'dana',
          contactMethods: [
            { kind: 'webhook', address: 'https://hooks.example.com/dana' },
            { kind: 'slack', address: 'https://hooks.slack.com/services/T/B/dana' },
          ],
          notificationRules: [
            { contactMethod: 0, afterMinutes: 0 },
            { contactMethod: 1, afterMinutes: 2 },
          ],
        })
        .expect(201)
    ).body as { personId: string; contactMethods: { id: string; kind: string }[] };
    [webhook, slack] = dana.contactMethods.map((c) => c.id);
    await http().post('/coordination/teams').send({ name: 'checkout', members: [{ personId: dana.personId, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('pages dana by webhook at once, then by Slack 2 minutes later while nobody acknowledged, once', async () => {
    const incidentId = await open();
    const [first] = await pages(incidentId);
    expect(first).toMatchObject({ contactMethodId: webhook, contactKind: 'webhook', escalationLevel: 1 });

    await later(1);
    expect(await pages(incidentId)).toHaveLength(1);

    await later(1);
    await later(0); // a second pass (another replica, a retry) notifies nobody again
    const both = await pages(incidentId);
    expect(both.map((p) => [p.contactKind, p.contactMethodId, p.escalationLevel])).toEqual([
      ['webhook', webhook, 1],
      ['slack', slack, 1],
    ]);
    expect(both[1].reason).toContain('notification rule 2');

    const events = await stored(incidentId);
    const renotified = events.filter((e) => e.type === 'IncidentRenotified');
    expect(renotified).toHaveLength(1);
    expect(renotified[0]).toMatchObject({ schemaVersion: 4, data: { cause: 'notification-rule', rule: { pageId: first.pageId, index: 1, afterMinutes: 2 } } });
    // The Slack page and its cause are one append with the rule's firing.
    const fired = events.find((e) => e.type === 'TimerFired' && e.revision === renotified[0].revision - 1);
    expect(fired).toBeDefined();

    const explained = (await http().get(`/coordination/pages/${both[1].pageId}/explain`).expect(200)).body;
    expect(explained).toMatchObject({ cause: 'notification-rule', contactMethod: { id: slack, kind: 'slack' }, level: 1 });
  });

  it('an acknowledgement before 2 minutes cancels the rule in the same append: nothing more is sent', async () => {
    const incidentId = await open();
    await later(1);
    await http().post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: 'dana' }).expect(202);
    await later(1);
    await later(60);
    expect((await pages(incidentId)).map((p) => p.contactKind)).toEqual(['webhook']);

    const events = await stored(incidentId);
    const acknowledged = events.find((e) => e.type === 'IncidentAcknowledged');
    const cancelled = events.filter((e) => e.type === 'TimerCancelled' && (e.data as { reason: string }).reason === 'acknowledged');
    const scheduled = events.filter((e) => e.type === 'TimerScheduled' && (e.data as { purpose: string }).purpose === 'notification-rule');
    expect(scheduled).toHaveLength(1);
    expect(cancelled.map((e) => (e.data as { timerId: string }).timerId)).toContain((scheduled[0].data as { timerId: string }).timerId);
    // Appended with the acknowledgement: right after it in the stream, caused by the same request.
    for (const e of cancelled) {
      expect(e.revision - (acknowledged?.revision ?? 0)).toBeGreaterThan(0);
      expect(e.revision - (acknowledged?.revision ?? 0)).toBeLessThanOrEqual(cancelled.length);
      expect(e.metadata.causationId).toBe(acknowledged?.metadata.causationId);
    }
    expect(events.filter((e) => e.type === 'IncidentRenotified')).toHaveLength(0);
  });
});
