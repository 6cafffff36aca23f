import Handlebars from 'handlebars';
import { Feed } from 'feed';
import { PublicIncidentView, StatusPageView } from '../../domain/status-page/status-page-view';

const escape = (text: string): string => Handlebars.escapeExpression(text);

/** One entry's HTML content: its public updates, newest first, every value escaped (the feed marks it `type="html"`). */
function contentOf(incident: PublicIncidentView): string {
  const lines = incident.updates.map((u) => `<p><strong>${escape(u.status)}</strong> (${escape(u.createdAt)}): ${escape(u.body)}</p>`);
  const affects = incident.component ? ` Affects ${escape(incident.component)}.` : '';
  return [`<p>Status: ${escape(incident.status)}. Impact: ${escape(incident.impact)}.${affects}</p>`, ...lines].join('\n');
}

/**
 * The status page's incidents as an Atom feed (issue 15, the `feed` package): one entry per incident, open or
 * resolved within the history, newest change first; its id is the incident's (`urn:uuid:`), its link the incident
 * on the page, so a reader shows a changed incident again rather than a new one.
 */
export function renderStatusFeed(view: StatusPageView, publicUrl: string): string {
  const page = `${publicUrl}/status`;
  const incidents = [...view.incidents, ...view.history].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const feed = new Feed({
    id: page,
    title: 'Status: incidents',
    description: view.status.description,
    link: page,
    feedLinks: { atom: `${page}/feed.atom` },
    updated: new Date(incidents[0]?.updatedAt ?? view.updatedAt),
    copyright: '',
    generator: false,
  });
  for (const incident of incidents) {
    feed.addItem({
      // type="html" text: escaped like the content.
      title: escape(`${incident.name}${incident.status === 'resolved' ? ' (resolved)' : ''}`),
      id: `urn:uuid:${incident.id}`,
      link: `${page}#incident-${incident.id}`,
      date: new Date(incident.updatedAt),
      published: new Date(incident.createdAt),
      content: contentOf(incident),
    });
  }
  return feed.atom1();
}
