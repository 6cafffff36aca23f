import { given } from '@linchpin/eventsourcing';
import { NoteMerge, NoteMitigation, NoteSla, ResponseNotesEvent, responseNotesDecider } from './response-notes.decider';
import { SlaFact } from './sla-clocks';

const INCIDENT = '00000000-0000-4000-8000-0000000000a1';
const SURVIVOR = '00000000-0000-4000-8000-0000000000b2';
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** Each command is coordination's event `n`: its causationId, as the reactor sets it. */
const context = (n: number) => ({ actor: 'system:triage', causationId: `coordination-${n}`, occurredAt: '2026-01-01T10:30:00.000Z' });

const mitigate = (n: number, mitigatedAt = '2026-01-01T10:20:00.000Z'): NoteMitigation => ({
  type: 'NoteMitigation',
  eventId: id(n),
  incidentId: INCIDENT,
  mitigatedAt,
  by: 'alice',
  context: context(n),
});
const merge = (n: number, mergedInto: string | null): NoteMerge => ({
  type: 'NoteMerge',
  eventId: id(n),
  incidentId: INCIDENT,
  mergedInto,
  cause: mergedInto === null ? 'IncidentUnmerged' : 'IncidentMerged',
  by: 'alice',
  context: context(n),
});
const sla = (n: number, fact: SlaFact): NoteSla => ({ type: 'NoteSla', eventId: id(n), incidentId: INCIDENT, fact, context: context(n) });

const TABLE = { P1: { acknowledgeMinutes: 5, mitigateMinutes: 30, resolveMinutes: 240 }, P2: { acknowledgeMinutes: 15, resolveMinutes: 480 }, P3: {}, P4: {}, P5: {} };
const started = (priority: 'P1' | 'P2' | null = 'P1'): SlaFact => ({
  type: 'SlaClocksStarted',
  data: {
    incidentId: INCIDENT,
    slaVersion: 1,
    priority,
    startedAt: '2026-01-01T10:00:00.000Z',
    clocks:
      priority === 'P1'
        ? [
            { target: 'acknowledge', minutes: 5, dueAt: '2026-01-01T10:05:00.000Z' },
            { target: 'mitigate', minutes: 30, dueAt: '2026-01-01T10:30:00.000Z' },
            { target: 'resolve', minutes: 240, dueAt: '2026-01-01T14:00:00.000Z' },
          ]
        : [],
    targets: TABLE,
  },
});
const stopped = (target: 'acknowledge' | 'mitigate' | 'resolve', stoppedAt: string, outcome: 'met' | 'breached' | 'not-applicable', dueAt: string | null): SlaFact => ({
  type: 'SlaClockStopped',
  data: { incidentId: INCIDENT, target, cause: target === 'acknowledge' ? 'acknowledged' : target === 'mitigate' ? 'mitigated' : 'resolved', stoppedAt, outcome, dueAt },
});
const breached = (target: 'acknowledge' | 'mitigate' | 'resolve', dueAt: string, breachedAt: string): SlaFact => ({
  type: 'SlaBreached',
  data: { incidentId: INCIDENT, target, priority: 'P1', dueAt, breachedAt, slaVersion: 1 },
});

/** The history after these commands, each decided on the state before it. */
const historyOf = (...commands: (NoteMitigation | NoteMerge | NoteSla)[]): ResponseNotesEvent[] =>
  commands.reduce<ResponseNotesEvent[]>((events, command) => [...events, ...given(responseNotesDecider, events).when(command).events], []);
const stateAfter = (...commands: (NoteMitigation | NoteMerge | NoteSla)[]) => given(responseNotesDecider, historyOf(...commands)).state();

const runningP1 = [
  { target: 'acknowledge', minutes: 5, dueAt: '2026-01-01T10:05:00.000Z', state: 'running', stoppedAt: null, breachedAt: null },
  { target: 'mitigate', minutes: 30, dueAt: '2026-01-01T10:30:00.000Z', state: 'running', stoppedAt: null, breachedAt: null },
  { target: 'resolve', minutes: 240, dueAt: '2026-01-01T14:00:00.000Z', state: 'running', stoppedAt: null, breachedAt: null },
];

describe('response notes decider (what coordination said besides the status)', () => {
  describe('mitigation', () => {
    it('given nothing noted, when coordination mitigated the incident, then TriageMitigationNoted with its time and who', () => {
      given(responseNotesDecider)
        .when(mitigate(1))
        .then((events) => expect(events.map((e) => [e.type, e.id, e.data])).toEqual([['TriageMitigationNoted', id(1), { incidentId: INCIDENT, mitigatedAt: '2026-01-01T10:20:00.000Z', by: 'alice' }]]));
      expect(stateAfter(mitigate(1)).mitigatedAt).toBe('2026-01-01T10:20:00.000Z');
    });

    it('given a mitigation noted, when told again (a redelivery, or any later word), then nothing: it happens once per incident', () => {
      given(responseNotesDecider, historyOf(mitigate(1))).when(mitigate(1)).then([]);
      given(responseNotesDecider, historyOf(mitigate(1))).when(mitigate(2, '2026-01-01T11:00:00.000Z')).then([]);
    });
  });

  describe('merge', () => {
    it('given an incident on its own, when coordination merged it, then TriageMergeNoted names the survivor', () => {
      given(responseNotesDecider)
        .when(merge(1, SURVIVOR))
        .then((events) => expect(events.map((e) => e.data)).toEqual([{ incidentId: INCIDENT, mergedInto: SURVIVOR, cause: 'IncidentMerged', by: 'alice' }]));
      expect(stateAfter(merge(1, SURVIVOR)).mergedInto).toBe(SURVIVOR);
    });

    it('given a merged incident, when coordination unmerged it, then TriageMergeNoted with mergedInto null: it stands on its own again', () => {
      given(responseNotesDecider, historyOf(merge(1, SURVIVOR)))
        .when(merge(2, null))
        .then((events) => expect(events.map((e) => e.data)).toEqual([{ incidentId: INCIDENT, mergedInto: null, cause: 'IncidentUnmerged', by: 'alice' }]));
      expect(stateAfter(merge(1, SURVIVOR), merge(2, null)).mergedInto).toBeNull();
    });

    it('given a merge undone, when the merge is redelivered, then nothing: it stays unmerged', () => {
      given(responseNotesDecider, historyOf(merge(1, SURVIVOR), merge(2, null))).when(merge(1, SURVIVOR)).then([]);
    });

    it('given an incident on its own, when told it is unmerged, then nothing', () => {
      given(responseNotesDecider).when(merge(1, null)).then([]);
    });

    it('given a merge undone, when merged again (a new merge), then it is noted', () => {
      given(responseNotesDecider, historyOf(merge(1, SURVIVOR), merge(2, null)))
        .when(merge(3, SURVIVOR))
        .then((events) => expect(events.map((e) => e.data)).toMatchObject([{ mergedInto: SURVIVOR }]));
    });
  });

  describe('SLA clocks', () => {
    it('given no clocks, when coordination started them, then TriageSlaNoted holds each clock running, with version and priority', () => {
      given(responseNotesDecider)
        .when(sla(1, started()))
        .then((events) =>
          expect(events.map((e) => [e.type, e.data])).toEqual([
            ['TriageSlaNoted', { incidentId: INCIDENT, cause: 'SlaClocksStarted', sla: { slaVersion: 1, priority: 'P1', startedAt: '2026-01-01T10:00:00.000Z', clocks: runningP1 } }],
          ]),
        );
    });

    it('given no priority yet, when clocks start, then there are none; when a priority comes, its clocks start running', () => {
      expect(stateAfter(sla(1, started(null))).sla).toEqual({ slaVersion: 1, priority: null, startedAt: '2026-01-01T10:00:00.000Z', clocks: [] });
      const retarget: SlaFact = {
        type: 'SlaClocksRetargeted',
        data: { incidentId: INCIDENT, slaVersion: 1, previous: null, priority: 'P2', clocks: [{ target: 'acknowledge', minutes: 15, dueAt: '2026-01-01T10:15:00.000Z' }], withoutTarget: [] },
      };
      expect(stateAfter(sla(1, started(null)), sla(2, retarget)).sla).toMatchObject({ priority: 'P2', clocks: [{ target: 'acknowledge', dueAt: '2026-01-01T10:15:00.000Z', state: 'running' }] });
    });

    it('given clocks started, when started again (a redelivery), then nothing', () => {
      given(responseNotesDecider, historyOf(sla(1, started()))).when(sla(1, started())).then([]);
      given(responseNotesDecider, historyOf(sla(1, started()))).when(sla(2, started('P2'))).then([]);
    });

    it('given a clock running, when what it measures happens in time, then it is met at that time', () => {
      const state = stateAfter(sla(1, started()), sla(2, stopped('acknowledge', '2026-01-01T10:03:00.000Z', 'met', '2026-01-01T10:05:00.000Z')));
      expect(state.sla?.clocks[0]).toEqual({ ...runningP1[0], state: 'met', stoppedAt: '2026-01-01T10:03:00.000Z' });
      expect(state.sla?.clocks.slice(1)).toEqual(runningP1.slice(1));
    });

    it('given a clock running, when its target passes (SlaBreached), then it shows breached with when; stopped late, it stays breached', () => {
      const breach = sla(2, breached('mitigate', '2026-01-01T10:30:00.000Z', '2026-01-01T10:30:01.000Z'));
      expect(stateAfter(sla(1, started()), breach).sla?.clocks[1]).toEqual({ ...runningP1[1], state: 'breached', breachedAt: '2026-01-01T10:30:01.000Z' });
      const late = sla(3, stopped('mitigate', '2026-01-01T10:45:00.000Z', 'breached', '2026-01-01T10:30:00.000Z'));
      expect(stateAfter(sla(1, started()), breach, late).sla?.clocks[1]).toEqual({
        ...runningP1[1],
        state: 'breached',
        breachedAt: '2026-01-01T10:30:01.000Z',
        stoppedAt: '2026-01-01T10:45:00.000Z',
      });
    });

    it('given a clock stopped, when it is stopped or breached again, then nothing', () => {
      const met = historyOf(sla(1, started()), sla(2, stopped('acknowledge', '2026-01-01T10:03:00.000Z', 'met', '2026-01-01T10:05:00.000Z')));
      given(responseNotesDecider, met).when(sla(3, stopped('acknowledge', '2026-01-01T10:04:00.000Z', 'met', '2026-01-01T10:05:00.000Z'))).then([]);
      const breachedFirst = historyOf(sla(1, started()), sla(2, breached('resolve', '2026-01-01T14:00:00.000Z', '2026-01-01T14:00:00.000Z')));
      given(responseNotesDecider, breachedFirst).when(sla(3, breached('resolve', '2026-01-01T14:00:00.000Z', '2026-01-01T14:01:00.000Z'))).then([]);
    });

    it('given a clock the priority gave no target, when it is stopped not-applicable, then nothing: no clock ran', () => {
      given(responseNotesDecider, historyOf(sla(1, started(null)))).when(sla(2, stopped('acknowledge', '2026-01-01T10:03:00.000Z', 'not-applicable', null))).then([]);
    });

    it('given running clocks, when re-targeted, then running clocks are due again, a met one keeps its outcome, and one without a target is gone', () => {
      const ackMet = sla(2, stopped('acknowledge', '2026-01-01T10:03:00.000Z', 'met', '2026-01-01T10:05:00.000Z'));
      const retarget: SlaFact = {
        type: 'SlaClocksRetargeted',
        data: { incidentId: INCIDENT, slaVersion: 1, previous: 'P1', priority: 'P2', clocks: [{ target: 'resolve', minutes: 480, dueAt: '2026-01-01T18:00:00.000Z' }], withoutTarget: ['mitigate'] },
      };
      given(responseNotesDecider, historyOf(sla(1, started()), ackMet))
        .when(sla(3, retarget))
        .then((events) =>
          expect(events.map((e) => (e.type === 'TriageSlaNoted' ? e.data.sla : undefined))).toEqual([
            {
              slaVersion: 1,
              priority: 'P2',
              startedAt: '2026-01-01T10:00:00.000Z',
              clocks: [
                { ...runningP1[0], state: 'met', stoppedAt: '2026-01-01T10:03:00.000Z' },
                { ...runningP1[2], minutes: 480, dueAt: '2026-01-01T18:00:00.000Z' },
              ],
            },
          ]),
        );
    });

    it('given a later fact, when an older one is redelivered, then nothing: the clock keeps its latest due time', () => {
      const first: SlaFact = {
        type: 'SlaClocksRetargeted',
        data: { incidentId: INCIDENT, slaVersion: 1, previous: 'P1', priority: 'P2', clocks: [{ target: 'resolve', minutes: 480, dueAt: '2026-01-01T18:00:00.000Z' }], withoutTarget: [] },
      };
      const second: SlaFact = { type: 'SlaClocksRetargeted', data: { ...first.data, previous: 'P2', priority: 'P1', clocks: [{ target: 'resolve', minutes: 240, dueAt: '2026-01-01T14:00:00.000Z' }] } } as SlaFact;
      given(responseNotesDecider, historyOf(sla(1, started()), sla(2, first), sla(3, second))).when(sla(2, first)).then([]);
    });

    it('given no clocks started, when another SLA fact comes, then nothing (coordination starts them first)', () => {
      given(responseNotesDecider).when(sla(1, breached('acknowledge', '2026-01-01T10:05:00.000Z', '2026-01-01T10:05:00.000Z'))).then([]);
    });
  });
});
