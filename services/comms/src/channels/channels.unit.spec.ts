import { createHmac } from 'node:crypto';
import { signatureHeader } from '../application/webhook-signature';
import { ChannelMessage, PageMessage, StatusUpdateMessage, IncidentResolvedMessage, verifyLinchpinSignature, CHANNELS } from './index';
import { renderEmail } from './email';
import { renderSlack } from './slack';
import { renderTeams } from './teams';
import { renderWebhook } from './webhook';

const incident = 'https://ops.example.com/coordination/incidents/i-1';
const acknowledge = 'https://ops.example.com/coordination/links/acknowledge/t0k3n';
const fields = { type: 'page' as const, incidentId: 'i-1', pageId: 'p-1', title: 'Checkout down', priority: 'P1', team: 'payments', responder: { name: 'alice' }, escalationLevel: 2 };
const page: PageMessage = { ...fields, links: { incident, acknowledge } };
const update: StatusUpdateMessage = { type: 'status-update', incidentId: 'i-1', updateId: 'u-1', status: 'identified', message: 'A bad deploy; rolling back.', postedAt: '2026-03-01T12:00:00.000Z', links: { incident } };
const resolved: IncidentResolvedMessage = { type: 'incident-resolved', incidentId: 'i-1', title: 'Checkout down', resolvedBy: 'alice', resolvedAt: '2026-03-01T13:00:00.000Z', links: { incident } };
const all: ChannelMessage[] = [page, update, resolved];

describe('channels', () => {
  it('are listed once each, by kind: webhook, slack, teams, email', () => {
    const deps = { outbound: {} as never, clock: { now: () => new Date() }, timeoutMs: 1000, smtpFrom: 'Linchpin <l@localhost>' };
    expect(CHANNELS.map((make) => make(deps).kind)).toEqual(['webhook', 'slack', 'teams', 'email']);
  });

  describe('webhook', () => {
    it("keeps the signed JSON receivers parse: a page's fields with links.acknowledge and links.incident; an update's with links.incident (and links.unsubscribe when sent to a subscription)", () => {
      expect(renderWebhook(page)).toEqual({ ...fields, links: { acknowledge, incident } });
      const updateFields = { type: 'status-update', incidentId: 'i-1', updateId: 'u-1', status: 'identified', message: 'A bad deploy; rolling back.', postedAt: update.postedAt };
      expect(renderWebhook(update)).toEqual({ ...updateFields, links: { incident } });
      const unsubscribe = 'https://ops.example.com/comms/links/unsubscribe/t0k3n';
      expect(renderWebhook({ ...update, links: { incident, unsubscribe } })).toEqual({ ...updateFields, links: { incident, unsubscribe } });
      expect(renderWebhook(resolved)).toEqual({ type: 'incident-resolved', incidentId: 'i-1', title: 'Checkout down', resolvedBy: 'alice', resolvedAt: resolved.resolvedAt, links: { incident } });
    });
  });

  describe('slack', () => {
    it('renders a page exactly as Slack pages were sent before channels: text with the link line, blocks with the link last', () => {
      const headline = ':rotating_light: [P1] Checkout down — alice, you are paged for team payments (level 2)';
      expect(renderSlack(page)).toEqual({
        text: `${headline}\nAcknowledge (POST): ${acknowledge}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: headline } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'incident i-1 · page p-1' }] },
          { type: 'section', text: { type: 'mrkdwn', text: `Acknowledge: POST <${acknowledge}|this link> (opening it only shows what it would do)` } },
        ],
      });
    });

    it('renders an update and a resolved notice as Block Kit with the incident link', () => {
      for (const message of [update, resolved]) {
        const slack = renderSlack(message);
        expect(slack.text).toContain(incident);
        expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'context']);
        expect(JSON.stringify(slack.blocks[1])).toContain(`<${incident}|i-1>`);
      }
      expect(renderSlack(update).text).toContain('A bad deploy; rolling back.');
      expect(renderSlack(resolved).text).toContain('Resolved: Checkout down');
    });
  });

  describe('teams', () => {
    it('wraps one Adaptive Card in the message envelope Teams webhooks and workflows accept', () => {
      for (const message of all) {
        const teams = renderTeams(message);
        expect(teams).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null }] });
        expect(teams.attachments).toHaveLength(1);
        expect(teams.attachments[0].content).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
        expect(teams.attachments[0].content.actions).toContainEqual({ type: 'Action.OpenUrl', title: 'Open incident', url: incident });
      }
    });

    it("a page's card names the page and carries the acknowledge link, saying it acknowledges by POST", () => {
      const content = JSON.stringify(renderTeams(page));
      expect(content).toContain('[P1] Checkout down');
      expect(content).toContain('alice, you are paged for team payments (level 2)');
      expect(content).toContain(`POST to ${acknowledge}`);
      expect(renderTeams(page).attachments[0].content.actions).toContainEqual({ type: 'Action.OpenUrl', title: 'Acknowledge link', url: acknowledge });
    });
  });

  describe('email', () => {
    it("a page's subject, and both bodies with the acknowledge and incident links", () => {
      const mail = renderEmail(page);
      expect(mail.subject).toBe('[P1] Checkout down: you are paged');
      expect(mail.text).toContain('alice, you are paged for team payments (escalation level 2).');
      expect(mail.text).toContain(acknowledge);
      expect(mail.text).toContain(`Incident: ${incident}`);
      expect(mail.html).toContain(`action="${acknowledge.replace(/=/g, '&#x3D;')}"`);
      expect(mail.html).toContain(`<a href="${incident}">Open the incident</a>`);
    });

    it('escapes what people wrote in the HTML body only; the text body and subject keep it as written', () => {
      const hostile = renderEmail({ ...page, title: '<script>alert("x")</script> & co', links: { incident } });
      expect(hostile.html).not.toContain('<script>');
      expect(hostile.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
      expect(hostile.text).toContain('<script>alert("x")</script> & co');
      expect(hostile.subject).toBe('[P1] <script>alert("x")</script> & co: you are paged');
      expect(hostile.text).not.toContain('Acknowledge');
      expect(hostile.html).not.toContain('<form');
    });

    it('an update and a resolved notice', () => {
      expect(renderEmail(update)).toMatchObject({ subject: 'Incident update (identified)', text: expect.stringContaining('A bad deploy; rolling back.') });
      expect(renderEmail(update).html).toContain(incident);
      expect(renderEmail(resolved)).toMatchObject({ subject: 'Resolved: Checkout down', text: expect.stringContaining(`Incident: ${incident}`) });
    });
  });
});

describe('verifyLinchpinSignature, as a receiver checks a webhook', () => {
  const secret = 'a-secret-of-sixteen+';
  const body = JSON.stringify({ type: 'page', incidentId: 'i-1' });
  const at = new Date('2026-03-01T12:00:00.000Z');
  const header = signatureHeader(secret, body, at);

  it('accepts what comms signs, over the raw body, as bytes or text, within five minutes either way', () => {
    expect(verifyLinchpinSignature(secret, header, body, at)).toBe(true);
    expect(verifyLinchpinSignature(secret, header, Buffer.from(body), new Date(at.getTime() + 300_000))).toBe(true);
    expect(verifyLinchpinSignature(secret, header, body, new Date(at.getTime() - 300_000))).toBe(true);
  });

  it('refuses a replay past the window (default 300 s, or the one given)', () => {
    expect(verifyLinchpinSignature(secret, header, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyLinchpinSignature(secret, header, body, new Date(at.getTime() + 61_000), 60)).toBe(false);
  });

  it('refuses another body, another secret, a moved timestamp and malformed headers', () => {
    expect(verifyLinchpinSignature(secret, header, body.replace('i-1', 'i-2'), at)).toBe(false);
    expect(verifyLinchpinSignature('another-secret-here', header, body, at)).toBe(false);
    const t = at.getTime() / 1000;
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(verifyLinchpinSignature(secret, `t=${t + 1},v1=${v1}`, body, at)).toBe(false);
    for (const bad of ['', 'v1=abc', `t=${t}`, `t=${t},v1=zz`, `t=abc,v1=${v1}`, `t=${t},t=${t},v1=${v1}`]) {
      expect(verifyLinchpinSignature(secret, bad, body, at)).toBe(false);
    }
  });

  it('accepts a header with several v1 (a secret being rotated) when one matches', () => {
    const t = at.getTime() / 1000;
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(verifyLinchpinSignature(secret, `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, body, at)).toBe(true);
  });
});
