import { highestRank, Role, rolesAllow } from './roles';

describe('roles: viewer < responder < incident-manager < admin, and sender beside them', () => {
  const can = (held: Role[], required: Role) => rolesAllow(held, required);

  it('lets a higher ranked role do what a lower one may, and not the reverse', () => {
    expect(can(['responder'], 'viewer')).toBe(true);
    expect(can(['responder'], 'responder')).toBe(true);
    expect(can(['responder'], 'incident-manager')).toBe(false);
    expect(can(['incident-manager'], 'responder')).toBe(true);
    expect(can(['viewer'], 'responder')).toBe(false);
    expect(can([], 'viewer')).toBe(false);
  });

  it('keeps a sender-only token to sender routes: it cannot read', () => {
    expect(can(['sender'], 'sender')).toBe(true);
    expect(can(['sender'], 'viewer')).toBe(false);
    expect(can(['incident-manager'], 'sender')).toBe(false);
    expect(can(['viewer', 'sender'], 'viewer')).toBe(true);
  });

  it('lets admin call every route, sender ones included', () => {
    for (const role of ['viewer', 'responder', 'incident-manager', 'admin', 'sender'] as const) expect(can(['admin'], role)).toBe(true);
  });

  it('names the highest ranked role held', () => {
    expect(highestRank(['viewer', 'incident-manager', 'sender'])).toBe('incident-manager');
    expect(highestRank(['sender'])).toBeNull();
  });
});
