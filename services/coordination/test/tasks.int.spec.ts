import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { eventContracts } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { TaskTimers } from '../src/application/task.timers';
import { ACTOR_TOKENS, as } from './support/actors';
import { triaged } from './support/triaged';

/*
 * Tasks of an incident over HTTP: a real SQLite file, the in-process bus (the relay publishes the
 * `incidentTask-` streams, observed), a ManualClock moved past due times and the task timer
 * driver's pass run (`driver.tick()`): no test sleeps for a deadline.
 */

const MINUTE = 60_000;
describe('tasks of an incident over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  const http = () => coordination.http();
  const tick = () => coordination.app.get(TaskTimers).driver.tick();
  const later = async (minutes: number) => {
    clock.advance(minutes * MINUTE);
    await tick();
  };
  const inMinutes = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();
  const register = async (name: string): Promise<string> =>
    (await http().post('/coordination/people').send({ name, contactMethods: [{ kind: 'email', address: `${name}@example.com` }] }).expect(201)).body.personId;
  const openIncident = async (): Promise<string> => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, { fallbackRoute: { team: 'payments' } }) }]);
    await http().get(`/coordination/incidents/${incidentId}`).expect(200);
    return incidentId;
  };
  const createTask = async (incidentId: string, body: Record<string, unknown>): Promise<string> =>
    (await http().post(`/coordination/incidents/${incidentId}/tasks`).set(as('ic')).send(body).expect(201)).body.taskId;
  const task = async (taskId: string) => (await http().get(`/coordination/tasks/${taskId}`).expect(200)).body;
  const stored = async (taskId: string) => (await coordination.store.readStream(`incidentTask-${taskId}`)).map((e) => e.type);
  const overdueOf = (taskId: string) => coordination.published.filter((e) => e.type === 'TaskOverdue' && (e.data as { taskId: string }).taskId === taskId);

  let alice: string, bob: string, retired: string;
  let incidentId: string;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, observe: [topicOf('coordination')] });
    [alice, bob, retired] = [await register('alice'), await register('bob'), await register('rita')];
    await http().delete(`/coordination/people/${retired}`).expect(202);
    await http()
      .post('/coordination/teams')
      .send({ name: 'payments', members: [{ personId: alice, onCallOrder: 1 }] })
      .expect(201);
    incidentId = await openIncident();
  });

  afterAll(() => coordination.close());

  it('create, assign, start, complete: each step recorded with who did it, listed by creation, published with the incident', async () => {
    const taskId = await createTask(incidentId, {
      title: 'Roll back release 42',
      instructions: 'kubectl rollout undo deploy/checkout',
      runbookUrl: 'https://wiki.example.com/runbooks/checkout',
      dueAt: inMinutes(30),
    });
    const second = await createTask(incidentId, { title: 'Tell support' });

    expect(await task(taskId)).toMatchObject({
      taskId,
      incidentId,
      title: 'Roll back release 42',
      status: 'open',
      assignee: null,
      instructions: 'kubectl rollout undo deploy/checkout',
      runbookUrl: 'https://wiki.example.com/runbooks/checkout',
      dueAt: '2026-03-03T09:30:00.000Z',
      overdue: false,
      createdBy: 'token:ic',
    });

    const assigned = await http().patch(`/coordination/tasks/${taskId}`).set(as('ic')).send({ assignee: alice }).expect(200);
    expect(assigned.body).toMatchObject({ assignee: { personId: alice, name: 'alice' }, status: 'open' });
    await http().post(`/coordination/tasks/${taskId}/start`).set(as('alice')).expect(202);
    expect((await task(taskId)).status).toBe('in_progress');
    await http().post(`/coordination/tasks/${taskId}/complete`).set(as('alice')).expect(202);
    expect(await task(taskId)).toMatchObject({ status: 'done', completedAt: clock.now().toISOString() });

    const list = (await http().get(`/coordination/incidents/${incidentId}/tasks`).expect(200)).body.items;
    expect(list.map((t: { taskId: string }) => t.taskId).slice(0, 2)).toEqual([taskId, second]);

    // Done cancelled the due time in the same append.
    expect(await stored(taskId)).toEqual(['TaskCreated', 'TimerScheduled', 'TaskAssigned', 'TaskStarted', 'TaskCompleted', 'TimerCancelled']);
    const types = ['TaskCreated', 'TaskAssigned', 'TaskStarted', 'TaskCompleted'];
    const published = await eventually('the task events on coordination’s topic', () => {
      const ofTask = coordination.published.filter((e) => (e.data as { taskId?: string }).taskId === taskId);
      return types.every((t) => ofTask.some((e) => e.type === t)) ? ofTask : undefined;
    });
    for (const event of published) {
      expect(event.metadata.incidentId).toBe(incidentId);
      expect(eventContracts.check(event)).toEqual({ kind: 'valid' });
    }
    expect(published.find((e) => e.type === 'TaskStarted')?.metadata.actor).toBe('token:alice');
  });

  it('overdue fires once when the clock passes the due time, carrying incident, task, title, assignee and due time', async () => {
    const taskId = await createTask(incidentId, { title: 'Page the database team', assignee: bob, dueAt: inMinutes(15) });

    await later(14);
    expect((await task(taskId)).overdue).toBe(false);

    await later(1);
    await tick(); // another pass (a second replica, a retry) reminds nobody again
    await later(60);
    expect(await task(taskId)).toMatchObject({ overdue: true, status: 'open' });
    expect((await stored(taskId)).filter((t) => t === 'TaskOverdue')).toHaveLength(1);

    const [overdue] = await eventually('TaskOverdue on the bus', () => (overdueOf(taskId).length > 0 ? overdueOf(taskId) : undefined));
    expect(overdue.data).toEqual({
      incidentId,
      taskId,
      title: 'Page the database team',
      assignee: bob,
      assigneeName: 'bob',
      dueAt: new Date(clock.now().getTime() - 60 * MINUTE).toISOString(),
      status: 'open',
    });
    expect(overdue.metadata).toMatchObject({ incidentId, actor: 'system:coordination' });
    expect(eventContracts.check(overdue)).toEqual({ kind: 'valid' });
    expect(overdueOf(taskId)).toHaveLength(1);
  });

  describe('an overdue task reminds its assignee (a page, as POST …/responders pages)', () => {
    const pagesOf = (incident: string, personId: string) =>
      coordination.published.filter((e) => e.type === 'ResponderPaged' && (e.data as { incidentId: string; personId: string }).incidentId === incident && (e.data as { personId: string }).personId === personId);
    /** A later reminder on the same bus: once it is paged, everything published before it has been reacted to. */
    const sentinel = async () => {
      const incident = await openIncident();
      await createTask(incident, { title: 'Sentinel', assignee: alice, dueAt: inMinutes(1) });
      await later(1);
      await eventually('the sentinel reminder', () => (pagesOf(incident, alice).some((e) => (e.data as { reason: string }).reason.startsWith('task "Sentinel"')) ? true : undefined));
    };

    it('pages the assignee once, to their first contact method, with the task and its due time; a redelivered TaskOverdue pages nobody again', async () => {
      const incident = await openIncident();
      const dueAt = inMinutes(15);
      const taskId = await createTask(incident, { title: 'Roll back the deploy', assignee: bob, dueAt });
      await later(15);
      await tick();

      const [page] = await eventually('bob paged', () => (pagesOf(incident, bob).length > 0 ? pagesOf(incident, bob) : undefined));
      expect(page.data).toMatchObject({ incidentId: incident, personId: bob, responder: 'bob', contactKind: 'email', reason: `task "Roll back the deploy" overdue since ${dueAt}` });
      expect(page.schemaVersion).toBe(3);
      expect(eventContracts.check(page)).toEqual({ kind: 'valid' });

      const [overdue] = overdueOf(taskId);
      await coordination.bus.publish(topicOf('coordination'), [{ key: taskId, event: overdue as RecordedEvent }]);
      await sentinel();
      expect(pagesOf(incident, bob)).toHaveLength(1);
      expect((await coordination.store.readStream(`response-${incident}`)).filter((e) => e.type === 'ResponderPaged' && (e.data as { personId: string }).personId === bob)).toHaveLength(1);
    });

    it('pages nobody for a resolved incident, nor for a task without an assignee', async () => {
      const resolved = await openIncident();
      const taskId = await createTask(resolved, { title: 'Write the timeline', assignee: bob, dueAt: inMinutes(15) });
      const unassigned = await createTask(resolved, { title: 'Nobody', dueAt: inMinutes(15) });
      await http().post(`/coordination/incidents/${resolved}/resolve`).send({ by: 'alice' }).expect(202);
      await later(15);
      await eventually('TaskOverdue on the bus', () => (overdueOf(taskId).length > 0 && overdueOf(unassigned).length > 0 ? true : undefined));
      await sentinel();
      expect(pagesOf(resolved, bob)).toHaveLength(0);
      expect(coordination.published.filter((e) => e.type === 'RespondersAdded' && e.metadata.incidentId === resolved)).toHaveLength(0);
    });
  });

  it('a task done before its due time is never overdue', async () => {
    const taskId = await createTask(incidentId, { title: 'Restart the workers', assignee: alice, dueAt: inMinutes(10) });
    await http().post(`/coordination/tasks/${taskId}/complete`).expect(202);
    await later(30);
    expect(await task(taskId)).toMatchObject({ status: 'done', overdue: false });
    expect(await stored(taskId)).not.toContain('TaskOverdue');
    expect(await stored(taskId)).not.toContain('TimerFired');
  });

  it('a moved due time reschedules: nothing at the old time, overdue at the new one', async () => {
    const taskId = await createTask(incidentId, { title: 'Write the status page update', dueAt: inMinutes(10) });
    const moved = await http().patch(`/coordination/tasks/${taskId}`).send({ dueAt: inMinutes(40) }).expect(200);
    expect(moved.body.dueAt).toBe(inMinutes(40));
    await later(20);
    expect((await task(taskId)).overdue).toBe(false);
    await later(20);
    expect(await task(taskId)).toMatchObject({ overdue: true, assignee: null });
    expect((await stored(taskId)).filter((t) => t === 'TaskOverdue')).toHaveLength(1);
  });

  it('a blank title or one with control characters is a 400 naming `title`, whatever the incident', async () => {
    for (const title of ['   ', 'Roll back\nFAKE LOG LINE', 'Roll back \u001b[2J']) {
      const refused = await http().post(`/coordination/incidents/${newId()}/tasks`).send({ title }).expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['title']);
    }
  });

  it('an incident coordination does not know is a 404, for creating and for listing', async () => {
    const unknown = newId();
    const created = await http().post(`/coordination/incidents/${unknown}/tasks`).send({ title: 'x' }).expect(404);
    expect(created.headers['content-type']).toContain('application/problem+json');
    await http().get(`/coordination/incidents/${unknown}/tasks`).expect(404);
    await http().get(`/coordination/tasks/${newId()}`).expect(404);
    await http().post(`/coordination/tasks/${newId()}/start`).expect(404);
  });

  it('an unknown or retired assignee is a 409 `unknown_reference` naming `assignee` (a state, not a bad request), and nothing is stored', async () => {
    const before = (await http().get(`/coordination/incidents/${incidentId}/tasks`).expect(200)).body.items.length;
    const unknown = await http().post(`/coordination/incidents/${incidentId}/tasks`).send({ title: 'x', assignee: newId() }).expect(409);
    expect(unknown.body).toMatchObject({ code: 'unknown_reference', errors: [{ field: 'assignee', reason: expect.stringContaining('no person') }] });
    const gone = await http().post(`/coordination/incidents/${incidentId}/tasks`).send({ title: 'x', assignee: retired }).expect(409);
    expect(gone.body.errors).toEqual([{ field: 'assignee', reason: expect.stringContaining('retired') }]);
    const notUuid = await http().post(`/coordination/incidents/${incidentId}/tasks`).send({ title: 'x', assignee: 'bob' }).expect(400);
    expect(notUuid.body.errors.map((e: { field: string }) => e.field)).toEqual(['assignee']);
    expect((await http().get(`/coordination/incidents/${incidentId}/tasks`).expect(200)).body.items).toHaveLength(before);

    const taskId = await createTask(incidentId, { title: 'Hand me over' });
    const patch = await http().patch(`/coordination/tasks/${taskId}`).send({ title: 'Renamed', assignee: newId() }).expect(409);
    expect(patch.body.errors[0].field).toBe('assignee');
    expect((await task(taskId)).title).toBe('Hand me over');
  });

  it('a runbook link that is not an http(s) URL is a 400 naming `runbookUrl`; a bad due time names `dueAt`', async () => {
    for (const runbookUrl of ['ftp://wiki.example.com/x', 'not a url', 'javascript:alert(1)']) {
      const refused = await http().post(`/coordination/incidents/${incidentId}/tasks`).send({ title: 'x', runbookUrl }).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'runbookUrl', reason: 'runbookUrl must be an http(s) URL' }]);
    }
    // Only shown, never fetched: an internal wiki is fine (no outbound guard).
    await createTask(incidentId, { title: 'x', runbookUrl: 'http://wiki.internal.corp/runbooks/x' });
    const due = await http().post(`/coordination/incidents/${incidentId}/tasks`).send({ title: 'x', dueAt: '2026-03-03 10:00' }).expect(400);
    expect(due.body.errors[0].field).toBe('dueAt');
    const taskId = await createTask(incidentId, { title: 'y' });
    const patched = await http().patch(`/coordination/tasks/${taskId}`).send({ runbookUrl: 'file:///etc/passwd' }).expect(400);
    expect(patched.body.errors[0].field).toBe('runbookUrl');
    await http().patch(`/coordination/tasks/${taskId}`).send({}).expect(400);
  });

  it('moves that make no sense are 409 problems naming the reason', async () => {
    const cancelled = await createTask(incidentId, { title: 'Scale up', dueAt: inMinutes(5) });
    await http().post(`/coordination/tasks/${cancelled}/cancel`).send({ reason: 'autoscaler did it' }).expect(202);
    expect(await task(cancelled)).toMatchObject({ status: 'cancelled', cancelReason: 'autoscaler did it' });
    const complete = await http().post(`/coordination/tasks/${cancelled}/complete`).expect(409);
    expect(complete.headers['content-type']).toContain('application/problem+json');
    expect(complete.body).toMatchObject({ code: 'task_cancelled', detail: 'task "Scale up" is cancelled: it cannot be completed' });
    expect((await http().post(`/coordination/tasks/${cancelled}/cancel`).send({}).expect(409)).body.code).toBe('already_cancelled');
    expect((await http().patch(`/coordination/tasks/${cancelled}`).send({ title: 'again' }).expect(409)).body.code).toBe('task_cancelled');
    await later(10);
    expect((await task(cancelled)).overdue).toBe(false);

    const done = await createTask(incidentId, { title: 'Flush the cache' });
    await http().post(`/coordination/tasks/${done}/start`).expect(202);
    expect((await http().post(`/coordination/tasks/${done}/start`).expect(409)).body.code).toBe('already_started');
    await http().post(`/coordination/tasks/${done}/complete`).expect(202);
    expect((await http().post(`/coordination/tasks/${done}/start`).expect(409)).body.code).toBe('task_done');
    expect((await http().post(`/coordination/tasks/${done}/cancel`).send({}).expect(409)).body.code).toBe('task_done');
    expect((await http().post(`/coordination/tasks/${done}/complete`).expect(409)).body.code).toBe('already_done');
  });

  it('documents every task route in the OpenAPI document, with its problems', async () => {
    const doc = (await http().get('/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/coordination/incidents/{id}/tasks',
        '/coordination/tasks/{taskId}',
        '/coordination/tasks/{taskId}/start',
        '/coordination/tasks/{taskId}/complete',
        '/coordination/tasks/{taskId}/cancel',
      ]),
    );
    expect(Object.keys(doc.paths['/coordination/tasks/{taskId}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(doc.paths['/coordination/tasks/{taskId}/complete'].post.responses)).toEqual(expect.arrayContaining(['202', '404', '409']));
  });
});
