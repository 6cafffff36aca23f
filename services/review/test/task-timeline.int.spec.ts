import { EventEnvelope, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { TaskAssignedV1, TaskCompletedV1, TaskCreatedV1, TaskOverdueV1 } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/** Coordination's task events (issue 13), as its relay publishes them, land on the incident's timeline with their summaries. */
describe("review's timeline of an incident's tasks (SQLite + in-process bus)", () => {
  let review: ServiceApp;
  let position = 0;
  const base = Date.parse('2026-03-03T09:00:00.000Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const recorded = (event: EventEnvelope, taskId: string): RecordedEvent => ({ ...event, streamId: `incidentTask-${taskId}`, revision: position, position: ++position, recordedAt: event.metadata.occurredAt });

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule });
  });

  afterAll(() => review.close());

  it('shows a task created, handed over, overdue and done, each with who did it', async () => {
    const incidentId = newId();
    const taskId = newId();
    const alice = newId();
    const meta = (minutes: number, actor: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(minutes) });
    const task = { incidentId, taskId, title: 'Roll back release 42' };
    const events = [
      TaskCreatedV1.create(newId(), { ...task, assignee: null, assigneeName: null, instructions: null, runbookUrl: 'https://wiki.example.com/rb', dueAt: at(15) }, meta(0, 'user:ic')),
      TaskAssignedV1.create(newId(), { ...task, assignee: alice, assigneeName: 'alice', previousAssignee: null }, meta(1, 'user:ic')),
      TaskOverdueV1.create(newId(), { ...task, assignee: alice, assigneeName: 'alice', dueAt: at(15), status: 'open' }, meta(15, 'system:coordination')),
      TaskCompletedV1.create(newId(), task, meta(20, 'user:alice')),
    ];
    for (const event of events) await review.bus.publish(topicOf('coordination'), [{ key: incidentId, event: recorded(event, taskId) }]);

    const timeline = (await review.http().get(`/review/incidents/${incidentId}/timeline`).expect(200)).body;
    expect(timeline.entries.map((e: { type: string; actor: string; summary: string }) => [e.type, e.actor, e.summary])).toEqual([
      ['TaskCreated', 'user:ic', `Task created: Roll back release 42, due ${at(15)}`],
      ['TaskAssigned', 'user:ic', 'Task assigned to alice: Roll back release 42'],
      ['TaskOverdue', 'system:coordination', `Task overdue (due ${at(15)}): Roll back release 42; reminding alice`],
      ['TaskCompleted', 'user:alice', 'Task done: Roll back release 42'],
    ]);
  });
});
