import { postJson } from './http';

/*
 * Coordination's on-call setup over HTTP, as a user makes it: people whose one contact method is a
 * webhook to the test's receiver, schedules, escalation policies and teams naming them. Each helper
 * expects the 201 and answers the new id.
 */

const created = async (what: string, url: string, body: unknown): Promise<any> => {
  const r = await postJson(url, body);
  if (r.status !== 201) throw new Error(`creating ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** A person paged at minute 0 through one webhook: `<receiverUrl><path>`. */
export async function createPerson(coordination: string, person: { name: string; webhookUrl: string; timeZone?: string }): Promise<string> {
  const body = await created(`person ${person.name}`, `${coordination}/coordination/people`, {
    name: person.name,
    timeZone: person.timeZone ?? 'UTC',
    contactMethods: [{ kind: 'webhook', address: person.webhookUrl, label: 'pager' }],
  });
  return body.personId;
}

export interface ScheduleLayer {
  name?: string;
  participants: string[];
  rotation: 'daily' | 'weekly' | 'custom';
  start: string;
  handoffTime?: string;
  handoffHours?: number;
  restrictions?: { days: string[]; start: string; end: string }[];
}

export async function createSchedule(coordination: string, schedule: { name: string; timeZone: string; layers: ScheduleLayer[] }): Promise<string> {
  return (await created(`schedule ${schedule.name}`, `${coordination}/coordination/schedules`, schedule)).scheduleId;
}

export type Target = { kind: 'person' | 'schedule' | 'team'; id: string };

export interface PolicyBody {
  name: string;
  levels: { targets: Target[]; timeoutMinutes: number }[];
  repeat: number;
  acknowledgementTimeoutMinutes?: number;
}

export async function createPolicy(coordination: string, policy: PolicyBody): Promise<string> {
  return (await created(`escalation policy ${policy.name}`, `${coordination}/coordination/escalation-policies`, policy)).policyId;
}

/** A team of people, in the order given (on-call order 1, 2, …), with its default escalation policy when given. */
export async function createTeam(coordination: string, team: { name: string; people: string[]; defaultEscalationPolicyId?: string }): Promise<string> {
  const body = await created(`team ${team.name}`, `${coordination}/coordination/teams`, {
    name: team.name,
    members: team.people.map((personId, i) => ({ personId, onCallOrder: i + 1 })),
    ...(team.defaultEscalationPolicyId ? { defaultEscalationPolicyId: team.defaultEscalationPolicyId } : {}),
  });
  return body.teamId;
}
