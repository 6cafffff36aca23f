import { summarize } from './summary';

describe('summaries of an incident’s tasks (coordination, issue 13)', () => {
  it('says what happened to the task in one line, the overdue reminder naming whom it reminds', () => {
    const task = { incidentId: 'i', taskId: 't', title: 'Roll back release 42' };
    expect(summarize('TaskCreated', { ...task, assignee: 'a', assigneeName: 'alice', dueAt: '2026-03-03T10:00:00.000Z' })).toBe(
      'Task created: Roll back release 42, assigned to alice, due 2026-03-03T10:00:00.000Z',
    );
    expect(summarize('TaskCreated', { ...task, assignee: null, assigneeName: null, dueAt: null })).toBe('Task created: Roll back release 42');
    expect(summarize('TaskUpdated', { ...task, changed: ['title', 'dueAt'] })).toBe('Task changed (title, dueAt): Roll back release 42');
    expect(summarize('TaskAssigned', { ...task, assignee: 'b', assigneeName: 'bob' })).toBe('Task assigned to bob: Roll back release 42');
    expect(summarize('TaskStarted', task)).toBe('Task started: Roll back release 42');
    expect(summarize('TaskCompleted', task)).toBe('Task done: Roll back release 42');
    expect(summarize('TaskCancelled', { ...task, reason: 'not needed' })).toBe('Task cancelled: Roll back release 42 (not needed)');
    expect(summarize('TaskOverdue', { ...task, assigneeName: 'alice', dueAt: '2026-03-03T10:00:00.000Z' })).toBe(
      'Task overdue (due 2026-03-03T10:00:00.000Z): Roll back release 42; reminding alice',
    );
    expect(summarize('TaskOverdue', { ...task, assigneeName: null, dueAt: '2026-03-03T10:00:00.000Z' })).toBe(
      'Task overdue (due 2026-03-03T10:00:00.000Z): Roll back release 42; reminding nobody: it has no assignee',
    );
  });
});
