/**
 * Who may do what (docs/architecture.md#access). The ranked roles each include the ones below
 * them; `sender` (a system that posts signals) is outside the ranking: a sender-only token calls
 * only sender routes, and no ranked role (but admin) calls a sender route.
 */
export const RANKED_ROLES = ['viewer', 'responder', 'incident-manager', 'admin'] as const;
export const ROLES = [...RANKED_ROLES, 'sender'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const rank = (role: Role): number => (RANKED_ROLES as readonly string[]).indexOf(role);

/** Whether a principal holding `held` may call a route that needs `required`: admin may call every route. */
export function rolesAllow(held: readonly Role[], required: Role): boolean {
  if (held.includes('admin')) return true;
  if (required === 'sender') return held.includes('sender');
  return held.some((role) => role !== 'sender' && rank(role) >= rank(required));
}

/** The highest ranked role held, or null for a sender-only (or role-less) principal. */
export function highestRank(held: readonly Role[]): Role | null {
  const ranked = held.filter((role) => role !== 'sender').sort((a, b) => rank(b) - rank(a));
  return ranked[0] ?? null;
}
