import Handlebars from 'handlebars';

/**
 * The email bodies, as handlebars templates: text ones with `noEscape` (plain text has nothing to
 * escape), HTML ones escaping every value (a title like `<script>` arrives as text). Every email
 * carries the incident link; a page's also carries its acknowledge link, in both bodies.
 */
const engine = Handlebars.create();
const text = (source: string) => engine.compile(source, { noEscape: true, strict: true });
const html = (source: string) => engine.compile(source, { strict: true });

const htmlPage = (body: string) =>
  html(`<!doctype html><html><body style="font-family: sans-serif">${body}<p><a href="{{links.incident}}">Open the incident</a></p></body></html>`);

export const pageEmail = {
  subject: text('[{{priority}}] {{title}}: you are paged'),
  text: text(
    `{{responder.name}}, you are paged for team {{team}} (escalation level {{escalationLevel}}).

[{{priority}}] {{title}}
Incident: {{links.incident}}
{{#if links.acknowledge}}
Acknowledge (POST to this link; opening it only shows what it would do):
{{links.acknowledge}}
{{/if}}
incident {{incidentId}} · page {{pageId}}
`,
  ),
  html: htmlPage(
    `<h2>[{{priority}}] {{title}}</h2><p>{{responder.name}}, you are paged for team {{team}} (escalation level {{escalationLevel}}).</p>` +
      `{{#if links.acknowledge}}<form method="post" action="{{links.acknowledge}}"><button type="submit">Acknowledge</button></form>` +
      `<p>Acknowledge link (POST; opening it only shows what it would do): <a href="{{links.acknowledge}}">{{links.acknowledge}}</a></p>{{/if}}` +
      `<p style="color: #666">incident {{incidentId}} · page {{pageId}}</p>`,
  ),
};

export const statusUpdateEmail = {
  subject: text('Incident update ({{status}})'),
  text: text(
    `{{message}}\n\nStatus: {{status}} · posted {{postedAt}}\nIncident: {{links.incident}}\n` +
      `{{#if links.unsubscribe}}\nUnsubscribe (POST to this link; opening it only shows what it would do):\n{{links.unsubscribe}}\n{{/if}}`,
  ),
  html: htmlPage(
    `<h2>Incident update: {{status}}</h2><p style="white-space: pre-wrap">{{message}}</p><p style="color: #666">posted {{postedAt}}</p>` +
      `{{#if links.unsubscribe}}<form method="post" action="{{links.unsubscribe}}"><button type="submit">Unsubscribe</button></form>{{/if}}`,
  ),
};

export const resolvedEmail = {
  subject: text('Resolved: {{title}}'),
  text: text(`{{title}} is resolved (by {{resolvedBy}}, {{resolvedAt}}).\nIncident: {{links.incident}}\n`),
  html: htmlPage(`<h2>Resolved: {{title}}</h2><p>Resolved by {{resolvedBy}} at {{resolvedAt}}.</p>`),
};

/** Issue 15: the reminder to the communications lead (or commander) when an update is overdue. */
export const updateOverdueEmail = {
  subject: text('[{{priority}}] A status update is overdue'),
  text: text(
    `No status update for {{cadenceMinutes}} minutes (due {{dueAt}}{{#if lastUpdateAt}}; the last was at {{lastUpdateAt}}{{/if}}). ` +
      `Please post one: you are the incident's {{role}}.\nIncident: {{links.incident}}\n`,
  ),
  html: htmlPage(
    `<h2>[{{priority}}] A status update is overdue</h2><p>No status update for {{cadenceMinutes}} minutes (due {{dueAt}}` +
      `{{#if lastUpdateAt}}; the last was at {{lastUpdateAt}}{{/if}}). Please post one: you are the incident's {{role}}.</p>`,
  ),
};

export const actionItemOverdueEmail = {
  subject: text('An action item you own is overdue: {{title}}'),
  text: text('"{{title}}" was due by the end of {{dueDate}} (UTC) and is still open.\nIncident: {{links.incident}}\n'),
  html: htmlPage(`<h2>An action item you own is overdue</h2><p>&ldquo;{{title}}&rdquo; was due by the end of {{dueDate}} (UTC) and is still open.</p>`),
};
