import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { StatusUpdatePostedV1 } from '@linchpin/contracts';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { TaskTimers } from '../src/application/task.timers';
import { triaged } from './support/triaged';

/*
 * The war room (`GET /coordination/incidents/{id}`, issue 13) over HTTP: a real SQLite file, the
 * in-process bus (coordination's relay feeds its SLA group; comms' status update is published on
 * comms' topic as comms' relay would), a ManualClock and the task timers' pass.
 */

const MINUTE = 60_000;
let position = 70_000;
const recorded = <T extends { metadata: { occurredAt: string } }>(event: T, streamId: string): T & RecordedEvent =>
  ({ ...event, streamId, revision: 0, position: ++position, recordedAt: event.metadata.occurredAt }) as T & RecordedEvent;
const meta = (incidentId: string, actor: string, occurredAt: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt });

const statusUpdate = (incidentId: string, at: string) =>
  recorded(
    StatusUpdatePostedV1.create(newId(), { incidentId, updateId: newId(), status: 'investigating', message: 'We are looking into failed payments.' }, meta(incidentId, 'user:comms-lead', at)),
    `comms-${incidentId}`,
  );

interface Timer {
  owner: string;
  purpose: string;
  dueAt: string;
  action: string;
  taskId: string | null;
  streamId: string;
  timerId: string;
}

describe('the war room over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const at = (minutes: number) => new Date(Date.parse('2026-03-03T09:00:00.000Z') + minutes * MINUTE).toISOString();
  const view = async (incidentId: string) => (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  const register = async (name: string): Promise<string> =>
    (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body.personId;
  /** Opens a P1 triaged to payments and waits for the bus (the relay, the SLA group), never for a deadline. */
  const open = async (): Promise<string> => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, {}, clock.now().toISOString()) }]);
    await eventually('the incident paged and its SLA clocks started', async () => ((await http().get(`/coordination/incidents/${incidentId}`)).body?.sla ? true : undefined), 10_000);
    return incidentId;
  };

  let alice: string, bob: string;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    [alice, bob] = [await register('alice'), await register('bob')];
    const olga = await register('olga');
    await http().post('/coordination/teams').send({ name: 'payments', members: [{ personId: alice, onCallOrder: 1 }, { personId: bob, onCallOrder: 2 }] }).expect(201);
    await http().post('/coordination/teams').send({ name: 'operations', members: [{ personId: olga, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('before anything is done: no tasks, no stakeholder update, no roles; the SLA clocks and the escalation deadline as pending timers', async () => {
    const id = await open();
    const room = await view(id);
    expect(room).toMatchObject({
      incidentId: id,
      status: 'triggered',
      priority: 'P1',
      responders: [{ personId: alice, name: 'alice' }],
      tasks: [],
      lastStakeholderUpdateAt: null,
      roles: { commander: null, 'communications-lead': null, scribe: null, 'subject-matter-expert': [] },
      flags: ['commander-missing'],
    });
    // Every field the response view had is still there.
    for (const field of ['pages', 'paged', 'pagedReason', 'acknowledgedBy', 'resolvedAt', 'escalation', 'mitigatedAt', 'reopenedAt', 'snoozedUntil']) expect(room).toHaveProperty(field);
    expect(room.pendingTimers.map((t: Timer) => [t.owner, t.purpose, t.dueAt])).toEqual([
      ['sla', 'sla', at(5)],
      ['response', 'escalation', at(15)],
      ['sla', 'sla', at(30)],
      ['sla', 'sla', at(240)],
    ]);
  });

  it('fills each block: tasks from the tasks read model, the SLA clocks, every pending timer with what it does, the last stakeholder update, roles and responders with names', async () => {
    const id = await open();
    const { taskId } = (await http().post(`/coordination/incidents/${id}/tasks`).send({ title: 'Roll back release 42', assignee: bob, dueAt: at(20) }).expect(201)).body;
    await http().put(`/coordination/incidents/${id}/roles/commander`).send({ personId: alice }).expect(202);
    await http().put(`/coordination/incidents/${id}/roles/communications-lead`).send({ personId: bob }).expect(202);
    const update = statusUpdate(id, at(2));
    await coordination.bus.publish(topicOf('comms'), [{ key: id, event: update }]);
    // Redelivered: noted once.
    await coordination.bus.publish(topicOf('comms'), [{ key: id, event: update }]);
    expect((await coordination.store.readStream(`incidentComms-${id}`)).map((e) => e.type)).toEqual(['StakeholderUpdateNoted']);

    const room = await view(id);
    expect(room.tasks).toEqual([{ taskId, title: 'Roll back release 42', status: 'open', assignee: { personId: bob, name: 'bob' }, dueAt: at(20), overdue: false }]);
    expect(room.sla).toMatchObject({ incidentId: id, slaVersion: 1, priority: 'P1', startedAt: at(0), at: at(0) });
    expect(room.sla).toEqual((await http().get(`/coordination/incidents/${id}/sla`).expect(200)).body);
    expect(room.sla.clocks.map((c: { target: string; status: string; dueAt: string }) => [c.target, c.status, c.dueAt])).toEqual([
      ['acknowledge', 'running', at(5)],
      ['mitigate', 'running', at(30)],
      ['resolve', 'running', at(240)],
    ]);
    expect(room.lastStakeholderUpdateAt).toBe(at(2));
    expect(room.roles).toMatchObject({ commander: { personId: alice, name: 'alice' }, 'communications-lead': { personId: bob, name: 'bob' } });
    expect(room.flags).toEqual([]);
    expect(room.responders).toEqual([{ personId: alice, name: 'alice' }]);
    expect(room.pendingTimers.map((t: Timer) => [t.owner, t.purpose, t.dueAt, t.taskId])).toEqual([
      ['sla', 'sla', at(5), null],
      ['response', 'escalation', at(15), null],
      ['task', 'task-due', at(20), taskId],
      ['sla', 'sla', at(30), null],
      ['sla', 'sla', at(240), null],
    ]);
    const [ack, level, task] = room.pendingTimers as Timer[];
    expect(ack.streamId).toBe(`incidentSla-${id}`);
    expect(ack.action).toMatch(/^records SlaBreached for the acknowledge target of P1 \(SLA v1\) unless the incident is acknowledged first; then escalates it to level 2 of policy ".*" v\d+, as POST …\/escalate does$/);
    expect(level.streamId).toBe(`response-${id}`);
    expect(level.action).toMatch(/^pages level 2 of policy ".*" v\d+ unless someone acknowledges first$/);
    expect(task).toMatchObject({ streamId: `incidentTask-${taskId}`, action: 'records TaskOverdue for task "Roll back release 42" unless it is done or cancelled first' });

    // The task's due time passes: overdue in the war room, its timer gone; acknowledged: the level deadline and the acknowledge clock's timer too.
    clock.advance(21 * MINUTE);
    await coordination.app.get(TaskTimers).driver.tick();
    await http().post(`/coordination/incidents/${id}/acknowledge`).send({ by: 'alice' }).expect(202);
    await eventually('the acknowledge clock stopped', async () => ((await view(id)).sla.clocks[0].status !== 'running' ? true : undefined), 10_000);
    const after = await view(id);
    expect(after.tasks[0]).toMatchObject({ taskId, overdue: true });
    expect(after.pendingTimers.map((t: Timer) => t.purpose)).not.toContain('task-due');
    expect(after.pendingTimers.map((t: Timer) => t.purpose)).not.toContain('escalation');
  });

  it('answers 404 for an unknown incident', async () => {
    await http().get(`/coordination/incidents/${newId()}`).expect(404);
  });
});
