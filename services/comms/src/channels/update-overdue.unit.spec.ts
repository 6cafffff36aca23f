import { UpdateOverdueMessage } from './channel';
import { renderEmail } from './email';
import { renderSlack } from './slack';
import { renderTeams } from './teams';
import { renderWebhook } from './webhook';

/* Issue 15: the reminder that an update is overdue, in every channel, with the incident link. */

const message: UpdateOverdueMessage = {
  type: 'update-overdue',
  incidentId: 'b1c2d3e4-0000-4000-8000-000000000001',
  priority: 'P1',
  cadenceMinutes: 30,
  lastUpdateAt: null,
  dueAt: '2026-03-01T09:30:00.000Z',
  role: 'communications-lead',
  links: { incident: 'https://linchpin.example/coordination/incidents/b1c2d3e4-0000-4000-8000-000000000001' },
};

describe('the update-overdue message', () => {
  it('webhook: its fields and links.incident', () => {
    expect(renderWebhook(message)).toEqual({ ...message, links: { incident: message.links.incident } });
  });

  it('slack, teams and email say an update is overdue, how long, and link the incident', () => {
    expect(renderSlack(message).text).toContain('A status update is overdue: none for 30 minutes');
    expect(renderSlack(message).text).toContain(message.links.incident);
    expect(JSON.stringify(renderTeams(message))).toContain(message.links.incident);
    const email = renderEmail(message);
    expect(email.subject).toBe('[P1] A status update is overdue');
    expect(email.text).toContain("you are the incident's communications-lead");
    expect(email.html).toContain(`href="${message.links.incident}"`);
  });
});
