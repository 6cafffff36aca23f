import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { AddOverride, CreateSchedule, ScheduleEvent, UpdateSchedule, scheduleDecider } from './schedule.decider';
import { ScheduleDefinition } from './schedule';

const SCHEDULE = '10000000-0000-4000-8000-000000000001';
const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const context = { actor: 'api', causationId: 'r', occurredAt: '2026-03-01T00:00:00.000Z' };
let ids = 0;
const id = () => `20000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

const definition = (over: Partial<ScheduleDefinition> = {}): ScheduleDefinition => ({
  name: 'Payments primary',
  timeZone: 'Europe/Berlin',
  layers: [{ name: 'weekdays', participants: [ALICE, BOB], rotation: 'daily', start: '2026-03-02T09:00', handoffTime: '09:00', restrictions: [] }],
  ...over,
});
const create = (over: Partial<CreateSchedule> = {}): CreateSchedule => ({ type: 'CreateSchedule', scheduleId: SCHEDULE, eventId: id(), definition: definition(), context, ...over });
const update = (over: Partial<UpdateSchedule> = {}): UpdateSchedule => ({
  type: 'UpdateSchedule',
  scheduleId: SCHEDULE,
  eventId: id(),
  definition: definition({ name: 'Payments' }),
  context,
  ...over,
});
const addOverride = (over: Partial<AddOverride['override']> = {}): AddOverride => ({
  type: 'AddOverride',
  scheduleId: SCHEDULE,
  eventId: id(),
  override: { overrideId: '30000000-0000-4000-8000-000000000001', personId: BOB, from: '2026-03-02T12:00:00Z', to: '2026-03-02T14:00:00+00:00', ...over },
  context,
});
const created = (): ScheduleEvent[] => given(scheduleDecider).when(create()).events;

describe('schedule decider', () => {
  it('given no schedule, when created, then ScheduleCreated v1 carries the whole definition and version 1, as configuration', () => {
    given(scheduleDecider)
      .when(create())
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'ScheduleCreated', schemaVersion: 1, data: { scheduleId: SCHEDULE, version: 1, name: 'Payments primary', timeZone: 'Europe/Berlin' } });
        expect(events[0].metadata).toEqual({ correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: context.occurredAt });
      });
  });

  it('given a definition with a bad zone, an empty layer or a custom rotation without its length, then invalid_schedule naming the field', () => {
    given(scheduleDecider).when(create({ definition: definition({ timeZone: 'Mars/Olympus' }) })).thenThrows(DomainError, 'invalid_schedule');
    const empty = given(scheduleDecider).when(create({ definition: definition({ layers: [{ ...definition().layers[0], participants: [] }] }) }));
    empty.thenThrows(DomainError, 'invalid_schedule');
    expect(() => scheduleDecider.decide(create({ definition: definition({ layers: [{ ...definition().layers[0], rotation: 'custom' }] }) }), scheduleDecider.initialState)).toThrow(
      expect.objectContaining({ field: 'layers.0.handoffHours' }),
    );
    expect(() => scheduleDecider.decide(create({ definition: definition({ layers: [] }) }), scheduleDecider.initialState)).toThrow(expect.objectContaining({ field: 'layers' }));
  });

  it('given a schedule, when updated, then ScheduleUpdated with the next version; the same definition again records nothing', () => {
    const history = [...created(), ...given(scheduleDecider, created()).when(update()).events];
    expect(history[1]).toMatchObject({ type: 'ScheduleUpdated', data: { version: 2, name: 'Payments' } });
    given(scheduleDecider, history).when(update()).then([]);
    given(scheduleDecider, history)
      .when(update({ definition: definition({ name: 'Payments v3' }) }))
      .then((events) => expect(events[0].data).toMatchObject({ version: 3 }));
  });

  it('given version 2 in force, when an update is based on version 1, then stale_version', () => {
    const history = [...created(), ...given(scheduleDecider, created()).when(update()).events];
    given(scheduleDecider, history).when(update({ basedOnVersion: 1, definition: definition({ name: 'x' }) })).thenThrows(DomainError, 'stale_version');
    given(scheduleDecider, history).when(update({ basedOnVersion: 2, definition: definition({ name: 'x' }) })).then([expect.objectContaining({ type: 'ScheduleUpdated' })]);
  });

  it('given no schedule, when updated, overridden or retired, then not found', () => {
    given(scheduleDecider).when(update()).thenThrows(NotFoundError);
    given(scheduleDecider).when(addOverride()).thenThrows(NotFoundError);
    given(scheduleDecider).when({ type: 'RetireSchedule', scheduleId: SCHEDULE, eventId: id(), context }).thenThrows(NotFoundError);
  });

  it('given a schedule, when an override is added, then ScheduleOverrideAdded with UTC instants, kept across a new version', () => {
    const added = given(scheduleDecider, created()).when(addOverride()).events;
    expect(added[0]).toMatchObject({ type: 'ScheduleOverrideAdded', data: { personId: BOB, from: '2026-03-02T12:00:00.000Z', to: '2026-03-02T14:00:00.000Z' } });
    const history = [...created(), ...added];
    const state = given(scheduleDecider, [...history, ...given(scheduleDecider, history).when(update()).events]).state();
    expect(state).toMatchObject({ status: 'active', version: 2, overrides: [expect.objectContaining({ personId: BOB })] });
  });

  it('given an override, when one ends before it starts or reuses its id, then refused', () => {
    given(scheduleDecider, created()).when(addOverride({ to: '2026-03-02T12:00:00Z' })).thenThrows(DomainError, 'invalid_override');
    const history = [...created(), ...given(scheduleDecider, created()).when(addOverride()).events];
    given(scheduleDecider, history).when(addOverride()).thenThrows(DomainError, 'override_exists');
  });

  it('given an override, when removed, then ScheduleOverrideRemoved and it is gone; an unknown one is not found', () => {
    const history = [...created(), ...given(scheduleDecider, created()).when(addOverride()).events];
    const remove = { type: 'RemoveOverride' as const, scheduleId: SCHEDULE, eventId: id(), overrideId: '30000000-0000-4000-8000-000000000001', context };
    const removed = given(scheduleDecider, history).when(remove).events;
    expect(removed[0].type).toBe('ScheduleOverrideRemoved');
    expect(given(scheduleDecider, [...history, ...removed]).state()).toMatchObject({ overrides: [] });
    given(scheduleDecider, [...history, ...removed]).when(remove).thenThrows(NotFoundError);
  });

  it('given a retired schedule, when changed or retired again, then schedule_retired', () => {
    const retire = { type: 'RetireSchedule' as const, scheduleId: SCHEDULE, eventId: id(), context: { ...context, occurredAt: '2026-03-09T00:00:00.000Z' } };
    const retired = given(scheduleDecider, created()).when(retire).events;
    expect(retired[0]).toMatchObject({ type: 'ScheduleRetired', data: { scheduleId: SCHEDULE, version: 1 } });
    const history = [...created(), ...retired];
    expect(given(scheduleDecider, history).state()).toMatchObject({ status: 'retired', retiredAt: '2026-03-09T00:00:00.000Z' });
    given(scheduleDecider, history).when(update()).thenThrows(DomainError, 'schedule_retired');
    given(scheduleDecider, history).when(addOverride()).thenThrows(DomainError, 'schedule_retired');
    given(scheduleDecider, history).when(retire).thenThrows(DomainError, 'schedule_retired');
  });

  it('given a schedule, when created again, then schedule_exists', () => {
    given(scheduleDecider, created()).when(create()).thenThrows(DomainError, 'schedule_exists');
  });
});
