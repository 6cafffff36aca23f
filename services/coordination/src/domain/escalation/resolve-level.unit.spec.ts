import { EscalationDirectory, resolveFrom, resolveLevel } from './resolve-level';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CAROL = '33333333-3333-4333-8333-333333333333';
const DAVE = '88888888-8888-4888-8888-888888888888';
const GHOST = '99999999-9999-4999-8999-999999999999';
const DAYS = '44444444-4444-4444-8444-444444444444';
const NIGHTS = '45444444-4444-4444-8444-444444444444';
const OLD_SCHEDULE = '46444444-4444-4444-8444-444444444444';
const TEAM = '55555555-5555-4555-8555-555555555555';
const EMPTY_TEAM = '56555555-5555-4555-8555-555555555555';
const OLD_TEAM = '57555555-5555-4555-8555-555555555555';
const AT = '2026-03-01T10:00:00.000Z';

const hook = (id: string, afterMinutes = 0) => ({ contactMethodId: id, contactKind: 'webhook' as const, afterMinutes });

const people = {
  [ALICE]: { personId: ALICE, name: 'alice', retired: false, rules: [hook('a2222222-2222-4222-8222-222222222222', 5), hook('a1111111-1111-4111-8111-111111111111', 0)] },
  [BOB]: { personId: BOB, name: 'bob', retired: false, rules: [hook('b1111111-1111-4111-8111-111111111111')] },
  [CAROL]: { personId: CAROL, name: 'carol', retired: true, rules: [hook('c1111111-1111-4111-8111-111111111111')] },
  [DAVE]: { personId: DAVE, name: 'dave', retired: false, rules: [] },
};
const directory: EscalationDirectory = {
  person: (id) => people[id as keyof typeof people],
  team: (id) =>
    ({
      [TEAM]: { teamId: TEAM, name: 'payments', version: 3, retired: false, memberIds: [BOB, ALICE, CAROL] },
      [EMPTY_TEAM]: { teamId: EMPTY_TEAM, name: 'empty', retired: false, memberIds: [] },
      [OLD_TEAM]: { teamId: OLD_TEAM, name: 'old', retired: true, memberIds: [ALICE] },
    })[id],
  onCallAt: (id, at) =>
    ({
      [DAYS]: { scheduleId: DAYS, name: 'days', version: 2, people: [{ personId: ALICE, reason: `layer 1 (weekly) at ${at}` }] },
      [NIGHTS]: { scheduleId: NIGHTS, name: 'nights', version: 1, people: [] },
      [OLD_SCHEDULE]: { scheduleId: OLD_SCHEDULE, name: 'old', retired: true, people: [{ personId: BOB, reason: 'layer 1' }] },
    })[id],
};

describe('resolveLevel', () => {
  it('pages a named person through their first notification rule (fewest minutes)', () => {
    expect(resolveLevel({ targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 5 }, AT, directory)).toEqual({
      repeat: 0,
      level: 1,
      people: [{ personId: ALICE, name: 'alice', contactMethodId: 'a1111111-1111-4111-8111-111111111111', contactKind: 'webhook', via: { kind: 'person', id: ALICE, reason: 'named by the level' } }],
      skipped: [],
    });
  });

  it('pages whoever the schedule has on call then, naming the schedule, its version and the layer', () => {
    const { people: paged } = resolveLevel({ targets: [{ kind: 'schedule', id: DAYS }], timeoutMinutes: 5 }, AT, directory);
    expect(paged).toEqual([expect.objectContaining({ personId: ALICE, via: { kind: 'schedule', id: DAYS, version: 2, reason: `on call on schedule "days" at ${AT}: layer 1 (weekly) at ${AT}` } })]);
  });

  it('pages every pageable member of a team in on-call order, each person once across targets, skipping a retired member with the reason', () => {
    const resolved = resolveLevel({ targets: [{ kind: 'person', id: BOB }, { kind: 'team', id: TEAM }], timeoutMinutes: 5 }, AT, directory, { repeat: 1, level: 3 });
    expect(resolved).toMatchObject({ repeat: 1, level: 3 });
    expect(resolved.people.map((p) => [p.name, p.via.kind])).toEqual([
      ['bob', 'person'],
      ['alice', 'team'],
    ]);
    expect(resolved.people[1].via).toEqual({ kind: 'team', id: TEAM, version: 3, reason: 'member 2 in on-call order of team "payments"' });
    expect(resolved.skipped).toEqual([{ target: { kind: 'person', id: CAROL }, reason: 'person "carol" retired (member 3 in on-call order of team "payments")' }]);
  });

  it('skips every target that gives nobody, with the reason', () => {
    const resolved = resolveLevel(
      {
        targets: [
          { kind: 'person', id: CAROL },
          { kind: 'person', id: DAVE },
          { kind: 'person', id: GHOST },
          { kind: 'team', id: EMPTY_TEAM },
          { kind: 'team', id: OLD_TEAM },
          { kind: 'team', id: GHOST },
          { kind: 'schedule', id: NIGHTS },
          { kind: 'schedule', id: OLD_SCHEDULE },
          { kind: 'schedule', id: GHOST },
        ],
        timeoutMinutes: 5,
      },
      AT,
      directory,
    );
    expect(resolved.people).toEqual([]);
    expect(resolved.skipped.map((s) => s.reason)).toEqual([
      'person "carol" retired',
      'person "dave" has no notification rule',
      'unknown person',
      'team "empty" has no members',
      'team "old" retired',
      'unknown team',
      `schedule gap: nobody is on call on schedule "nights" at ${AT}`,
      'schedule "old" retired',
      'unknown schedule',
    ]);
  });
});

describe('resolveFrom', () => {
  const policy = {
    levels: [
      { targets: [{ kind: 'schedule' as const, id: NIGHTS }], timeoutMinutes: 5 },
      { targets: [{ kind: 'team' as const, id: EMPTY_TEAM }], timeoutMinutes: 5 },
      { targets: [{ kind: 'person' as const, id: BOB }], timeoutMinutes: 5 },
    ],
    repeat: 2,
  };

  it('resolves from a level on until one has someone to page', () => {
    expect(resolveFrom(policy, { repeat: 0, level: 1 }, AT, directory).map((r) => [r.repeat, r.level, r.people.length])).toEqual([
      [0, 1, 0],
      [0, 2, 0],
      [0, 3, 1],
    ]);
  });

  it('goes on into the next pass, stops after a whole pass with nobody, and gives nothing from nowhere', () => {
    expect(resolveFrom(policy, { repeat: 0, level: 3 }, AT, directory).map((r) => [r.repeat, r.level])).toEqual([[0, 3]]);
    const nobody = { ...policy, levels: policy.levels.slice(0, 2) };
    expect(resolveFrom(nobody, { repeat: 0, level: 2 }, AT, directory).map((r) => [r.repeat, r.level])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(resolveFrom(policy, null, AT, directory)).toEqual([]);
  });
});
