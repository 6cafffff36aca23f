import { EventStore } from '@linchpin/eventsourcing';
import { SignedLinks } from '@linchpin/platform';
import { publicIncidents, updateTemplates } from '../domain/streams';
import { currentTemplates } from '../domain/update-templates/update-templates.decider';
import { renderTemplate, templateFor } from '../domain/update-templates/update-templates';
import { TemplateRef, UpdateImpact, UpdateStatus } from '../domain/status-update.decider';

/**
 * The message of an update posted without one: the template in force for its phase and the incident's priority,
 * rendered with what comms knows of the incident. The service, priority and title come from triage's decision (the
 * status page's `publicIncident-` stream): empty until it arrived (the title also for incidents triaged before comms
 * kept it). The title comes from alerts and may name hosts or customers: the status page never shows it, but a
 * template that names `{{title}}` puts it in the update, for whatever audience the update is posted to.
 */
export async function templatedMessage(
  store: EventStore,
  links: SignedLinks,
  update: { incidentId: string; status: UpdateStatus; impact: UpdateImpact; eta: string | null },
): Promise<{ message: string; template: TemplateRef }> {
  const [templates, incident] = await Promise.all([updateTemplates.load(store, {}), publicIncidents.load(store, { incidentId: update.incidentId })]);
  const version = currentTemplates(templates);
  const { id, text } = templateFor(version.templates, update.status, incident.priority);
  const eta = update.eta === null || Number.isNaN(Date.parse(update.eta)) ? '' : new Date(Date.parse(update.eta)).toISOString();
  const message = renderTemplate(text, {
    service: incident.service ?? '',
    priority: incident.priority ?? '',
    eta,
    phase: update.status,
    impact: update.impact,
    title: incident.title ?? '',
    incidentUrl: links.incidentUrl(update.incidentId),
  });
  return { message, template: { id, version: version.version } };
}
