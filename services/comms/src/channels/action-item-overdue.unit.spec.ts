import { ActionItemOverdueMessage } from './channel';
import { renderEmail } from './email';
import { renderSlack } from './slack';
import { renderTeams } from './teams';
import { renderWebhook } from './webhook';

/* Issue 16: a postmortem's overdue action item, reminded to its owner in every channel, with the incident link. */

const message: ActionItemOverdueMessage = {
  type: 'action-item-overdue',
  incidentId: 'b1c2d3e4-0000-4000-8000-000000000001',
  actionItemId: 'b1c2d3e4-0000-4000-8000-000000000002',
  title: 'Make the canary <stage> mandatory',
  dueDate: '2026-03-05',
  dueAt: '2026-03-06T00:00:00.000Z',
  links: { incident: 'https://linchpin.example/coordination/incidents/b1c2d3e4-0000-4000-8000-000000000001' },
};

describe('the action-item-overdue message', () => {
  it('webhook: its fields and links.incident', () => {
    expect(renderWebhook(message)).toEqual({ ...message, links: { incident: message.links.incident } });
  });

  it('slack, teams and email name the item and its due day, and link the incident; the HTML email escapes the title', () => {
    expect(renderSlack(message).text).toContain('An action item you own is overdue: Make the canary <stage> mandatory (due 2026-03-05)');
    expect(renderSlack(message).text).toContain(message.links.incident);
    expect(JSON.stringify(renderTeams(message))).toContain(message.links.incident);
    const email = renderEmail(message);
    expect(email.subject).toBe('An action item you own is overdue: Make the canary <stage> mandatory');
    expect(email.text).toContain('was due by the end of 2026-03-05 (UTC)');
    expect(email.html).toContain('Make the canary &lt;stage&gt; mandatory');
    expect(email.html).toContain(`href="${message.links.incident}"`);
  });
});
