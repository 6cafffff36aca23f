import { DomainError, EventEnvelope, given, NotFoundError } from '@linchpin/eventsourcing';
import { ACTION_ITEM_DUE_PURPOSE, dueAtOf } from './action-item-due';
import { ChangePostmortemStatus, OpenPostmortem, postmortemDecider, PostmortemCommand, PostmortemEvent } from './postmortem.decider';
import { postmortemPolicyDecider, requiresPostmortem } from './postmortem-policy.decider';

/* Issue 16 item 5: a postmortem per incident, its workflow, sections and action items with reminders on durable timers. */

const incidentId = '11111111-1111-4111-8111-111111111111';
const itemId = '22222222-2222-4222-8222-222222222222';
const context = (occurredAt = '2026-03-01T10:00:00.000Z', actor = 'person:alice') => ({ actor, causationId: 'req', occurredAt });
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const open = (trigger: OpenPostmortem['trigger'] = 'policy'): OpenPostmortem => ({
  type: 'OpenPostmortem',
  incidentId,
  eventId: id(),
  trigger,
  priority: 'P1',
  requiredFor: trigger === 'policy' ? ['P1', 'P2'] : null,
  policyVersion: trigger === 'policy' ? 1 : null,
  context: context('2026-03-01T09:00:00.000Z', 'system:review'),
});
const move = (from: ChangePostmortemStatus['from'], to: ChangePostmortemStatus['to'], reason: string | null = null): ChangePostmortemStatus => ({
  type: 'ChangePostmortemStatus',
  incidentId,
  eventId: id(),
  from,
  to,
  reason,
  context: context(),
});
const addItem = (dueDate: string | null = '2026-03-10'): PostmortemCommand => ({ type: 'AddActionItem', incidentId, actionItemId: itemId, title: 'Make the canary mandatory', owner: 'alice', dueDate, context: context() });

/** Runs the commands one after the other, each on the history the ones before made. */
function history(...commands: PostmortemCommand[]): PostmortemEvent[] {
  return commands.reduce<PostmortemEvent[]>((events, command) => [...events, ...given(postmortemDecider, events).when(command).events], []);
}
const typesOf = (events: readonly EventEnvelope[]) => events.map((e) => e.type);

describe('a postmortem (decider)', () => {
  it('opens once: the policy’s reaction to a second resolution opens nothing more, a responder asking again is told it exists', () => {
    const opened = history(open());
    expect(opened).toMatchObject([{ type: 'PostmortemOpened', data: { incidentId, trigger: 'policy', priority: 'P1', requiredFor: ['P1', 'P2'], policyVersion: 1 } }]);
    expect(given(postmortemDecider, opened).when(open()).events).toEqual([]);
    given(postmortemDecider, opened).when(open('responder')).thenThrows(DomainError, 'already_open');
  });

  it('moves draft → in review → published, back to draft from review, and reopens a published one; any other step is invalid_transition', () => {
    const published = history(open(), move('draft', 'in-review'), move('in-review', 'draft', 'needs the timeline'), move('draft', 'in-review'), move('in-review', 'published'));
    expect(published.filter((e) => e.type === 'PostmortemStatusChanged').map((e) => `${(e.data as { from: string }).from}>${(e.data as { to: string }).to}`)).toEqual([
      'draft>in-review',
      'in-review>draft',
      'draft>in-review',
      'in-review>published',
    ]);
    given(postmortemDecider, history(open())).when(move('in-review', 'published')).thenThrows(DomainError, 'invalid_transition');
    given(postmortemDecider, history(open())).when(move('draft', 'published')).thenThrows(DomainError, 'invalid_transition');
    // Returning a review to draft is not reopening a published postmortem.
    given(postmortemDecider, published).when(move('in-review', 'draft')).thenThrows(DomainError, 'invalid_transition');
    const reopened = given(postmortemDecider, published).when(move('published', 'draft', 'a second cause was found')).events;
    expect(reopened).toMatchObject([{ type: 'PostmortemStatusChanged', data: { from: 'published', to: 'draft', reason: 'a second cause was found' } }]);
  });

  it('records a section with the text before it; the same text records nothing; a published postmortem refuses edits until reopened', () => {
    const edit = (text: string): PostmortemCommand => ({ type: 'EditSection', incidentId, eventId: id(), section: 'lessons', text, context: context() });
    const written = history(open(), edit('Canaries catch this'));
    const [second] = given(postmortemDecider, written).when(edit('Canaries catch this; so do SLOs')).events;
    expect(second).toMatchObject({ type: 'PostmortemSectionEdited', data: { section: 'lessons', text: 'Canaries catch this; so do SLOs', previousText: 'Canaries catch this' } });
    expect(given(postmortemDecider, written).when(edit('Canaries catch this')).events).toEqual([]);
    given(postmortemDecider, history(open(), edit('x'), move('draft', 'in-review'), move('in-review', 'published'))).when(edit('y')).thenThrows(DomainError, 'postmortem_published');
  });

  it('refuses anything on an incident without a postmortem, and an unknown action item, as not found', () => {
    given(postmortemDecider).when(addItem()).thenThrows(NotFoundError);
    given(postmortemDecider).when(move('draft', 'in-review')).thenThrows(NotFoundError);
    given(postmortemDecider, history(open()))
      .when({ type: 'UpdateActionItem', incidentId, eventId: id(), actionItemId: '99999999-9999-4999-8999-999999999999', changes: { status: 'done' }, context: context() })
      .thenThrows(NotFoundError);
  });

  it('schedules an action item’s reminder at the end of its due day (UTC), with the item', () => {
    const events = given(postmortemDecider, history(open())).when(addItem('2026-03-10')).events;
    expect(typesOf(events)).toEqual(['ActionItemAdded', 'TimerScheduled']);
    expect(events[1].data).toMatchObject({ dueAt: '2026-03-11T00:00:00.000Z', purpose: ACTION_ITEM_DUE_PURPOSE, details: { actionItemId: itemId, dueDate: '2026-03-10' } });
    expect(dueAtOf('2026-12-31')).toBe('2027-01-01T00:00:00.000Z');
    expect(typesOf(given(postmortemDecider, history(open())).when(addItem(null)).events)).toEqual(['ActionItemAdded']);
  });

  it('records ActionItemOverdue once when the timer fires on an open item; a second firing records nothing', () => {
    const added = history(open(), addItem('2026-03-10'));
    const timerId = (added.find((e) => e.type === 'TimerScheduled')!.data as { timerId: string }).timerId;
    const fire: PostmortemCommand = { type: 'FireActionItemTimer', incidentId, timerId, context: context('2026-03-11T00:00:05.000Z', 'system:review') };
    const fired = given(postmortemDecider, added).when(fire).events;
    expect(typesOf(fired)).toEqual(['ActionItemOverdue', 'TimerFired']);
    expect(fired[0].data).toEqual({ incidentId, actionItemId: itemId, title: 'Make the canary mandatory', owner: 'alice', dueDate: '2026-03-10', dueAt: '2026-03-11T00:00:00.000Z' });
    expect(given(postmortemDecider, [...added, ...fired]).when(fire).events).toEqual([]);
  });

  it('cancels the reminder when the item is done or cancelled, and moves it with a new due date', () => {
    const added = history(open(), addItem('2026-03-10'));
    const update = (changes: object): PostmortemCommand => ({ type: 'UpdateActionItem', incidentId, eventId: id(), actionItemId: itemId, changes, context: context() });
    const done = given(postmortemDecider, added).when(update({ status: 'done' })).events;
    expect(typesOf(done)).toEqual(['ActionItemUpdated', 'TimerCancelled']);
    expect(done[0].data).toMatchObject({ status: 'done', dueDate: '2026-03-10', owner: 'alice' });
    const moved = given(postmortemDecider, added).when(update({ dueDate: '2026-03-20' })).events;
    expect(typesOf(moved)).toEqual(['ActionItemUpdated', 'TimerCancelled', 'TimerScheduled']);
    expect(moved[2].data).toMatchObject({ dueAt: '2026-03-21T00:00:00.000Z' });
    // A new owner alone leaves the reminder as it is; the same values again record nothing.
    expect(typesOf(given(postmortemDecider, added).when(update({ owner: 'bob' })).events)).toEqual(['ActionItemUpdated']);
    expect(given(postmortemDecider, added).when(update({ owner: 'alice' })).events).toEqual([]);
  });

  it('a timer made moot fires nothing but itself: an item done since, or given a later date, is not overdue', () => {
    const added = history(open(), addItem('2026-03-10'));
    const timerId = (added.find((e) => e.type === 'TimerScheduled')!.data as { timerId: string }).timerId;
    // (A cancelled timer is no longer pending: firing it decides nothing.)
    const done = [...added, ...given(postmortemDecider, added).when({ type: 'UpdateActionItem', incidentId, eventId: id(), actionItemId: itemId, changes: { status: 'done' }, context: context() }).events];
    expect(given(postmortemDecider, done).when({ type: 'FireActionItemTimer', incidentId, timerId, context: context() }).events).toEqual([]);
  });
});

describe('the postmortem policy (decider)', () => {
  it('requires one for P1 and P2 as built in (version 1); a change is the next version; the same priorities again are no version', () => {
    expect(requiresPostmortem(postmortemPolicyDecider.initialState, 'P1')).toBe(true);
    expect(requiresPostmortem(postmortemPolicyDecider.initialState, 'P3')).toBe(false);
    expect(requiresPostmortem(postmortemPolicyDecider.initialState, null)).toBe(false);
    const set = (requiredFor: ('P1' | 'P2' | 'P3')[]) => ({ type: 'SetPostmortemPolicy' as const, eventId: id(), requiredFor, context: context() });
    const [changed] = given(postmortemPolicyDecider).when(set(['P3', 'P1', 'P2'])).events;
    expect(changed.data).toEqual({ version: 2, requiredFor: ['P1', 'P2', 'P3'] });
    expect(given(postmortemPolicyDecider).when(set(['P2', 'P1'])).events).toEqual([]);
  });
});
