import { AssessedAlert, assess } from './assessment';

const DETECTED = '2026-03-02T09:00:00.000Z';
const alert = (over: Partial<AssessedAlert> = {}): AssessedAlert => ({ firing: true, severity: 'warning', startsAt: '2026-03-02T08:59:00.000Z', ...over });
const ofServices = (...services: string[]): AssessedAlert[] => services.map((service) => alert({ service }));

describe('assessment: suggested impact, from how far the incident spreads', () => {
  it.each<[string, AssessedAlert[], 1 | 2 | 3 | 4]>([
    ['no service named and no users reported: minor', [alert()], 4],
    ['one service: moderate', ofServices('db'), 3],
    ['one user reported affected: moderate', [alert({ usersAffected: 1 })], 3],
    ['99 users on one service: still moderate', [alert({ service: 'db', usersAffected: 99 })], 3],
    ['two services: significant', ofServices('db', 'api'), 2],
    ['100 users reported affected: significant', [alert({ usersAffected: 100 })], 2],
    ['three services: extensive', ofServices('db', 'api', 'web'), 1],
    ['1000 users reported affected: extensive', [alert({ usersAffected: 1000 })], 1],
    ['users reported by several alerts add up', [alert({ usersAffected: 600 }), alert({ usersAffected: 400 })], 1],
  ])('%s', (_name, alerts, level) => {
    expect(assess(alerts, DETECTED).suggestedImpact.level).toBe(level);
  });

  it('counts each service once, whatever the number of its alerts', () => {
    const assessment = assess(ofServices('db', 'db', 'api', 'db'), DETECTED);
    expect(assessment.impactedServices).toEqual(['api', 'db']);
    expect(assessment.blastRadius).toEqual({ services: 2, alerts: 4 });
    expect(assessment.suggestedImpact.level).toBe(2);
  });

  it('says why: the services it names and the users reported', () => {
    expect(assess([alert({ service: 'db', usersAffected: 250 }), alert({ service: 'api' })], DETECTED).suggestedImpact.reason).toBe(
      'significant/large: 2 services (api, db); 250 users reported affected',
    );
    expect(assess([alert()], DETECTED).suggestedImpact.reason).toBe('minor/localized: no service named; no users reported affected');
  });

  it('tells "no users reported" apart from zero users reported', () => {
    expect(assess([alert()], DETECTED).blastRadius).not.toHaveProperty('usersAffected');
    expect(assess([alert({ usersAffected: 0 })], DETECTED).blastRadius).toMatchObject({ usersAffected: 0 });
    expect(assess([alert({ usersAffected: 0 })], DETECTED).suggestedImpact.reason).toContain('0 users reported affected');
  });
});

describe('assessment: suggested urgency, from the most severe alert still firing', () => {
  it.each<[AssessedAlert['severity'], 1 | 2 | 3 | 4]>([
    ['critical', 1],
    ['error', 2],
    ['warning', 3],
    ['info', 4],
  ])('a firing %s alert: urgency %s', (severity, level) => {
    expect(assess([alert({ severity }), alert({ severity: 'info' })], DETECTED).suggestedUrgency.level).toBe(level);
  });

  it('a resolved critical alert no longer drives the urgency; the reason says which alerts counted', () => {
    const urgency = assess([alert({ severity: 'critical', firing: false }), alert({ severity: 'warning' })], DETECTED).suggestedUrgency;
    expect(urgency).toEqual({ level: 3, reason: 'the most severe firing alert is warning (1 of 2 alerts considered)' });
  });

  it('when nothing fires any more, the most severe alert recorded drives it', () => {
    const urgency = assess([alert({ severity: 'critical', firing: false }), alert({ severity: 'warning', firing: false })], DETECTED).suggestedUrgency;
    expect(urgency).toEqual({ level: 1, reason: 'the most severe recorded alert is critical (2 of 2 alerts considered)' });
  });
});

describe('assessment: counts and times', () => {
  it('counts alerts and firing alerts, and keeps the source time of the first signal apart from detection', () => {
    const assessment = assess(
      [
        alert({ startsAt: '2026-03-02T08:58:00.000Z' }),
        alert({ startsAt: '2026-03-02T08:41:30.000Z', firing: false }),
        alert({ startsAt: '2026-03-02T08:59:59.000Z' }),
      ],
      DETECTED,
    );
    expect(assessment).toMatchObject({ alertCount: 3, firingAlertCount: 2, firstSignalAt: '2026-03-02T08:41:30.000Z', detectedAt: DETECTED });
  });

  it('compares source times as instants, whatever their offset', () => {
    const assessment = assess([alert({ startsAt: '2026-03-02T08:50:00.000Z' }), alert({ startsAt: '2026-03-02T09:45:00+01:00' })], DETECTED);
    expect(assessment.firstSignalAt).toBe('2026-03-02T09:45:00+01:00');
  });
});
