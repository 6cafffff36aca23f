import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { AcknowledgeLink } from '@linchpin/platform';
import { LifecycleStatus } from '../domain/response-state';
import { people, responses } from '../domain/streams';

/**
 * What a page's acknowledge link would do, said without doing it: chat and mail previewers fetch
 * every link they see with a GET, so the GET only reads and the POST acts (issue 14).
 */
export interface AcknowledgeLinkPreview {
  action: 'acknowledge';
  /** How to follow the link: `POST` the same URL, no body and no token needed. */
  method: 'POST';
  incidentId: string;
  title: string | null;
  status: LifecycleStatus;
  personId: string;
  /** The person's name, as paged (null for a person coordination does not know). */
  person: string | null;
  /** The actor the acknowledgement would record. */
  actor: string;
  /** False when a POST would be refused (409): someone acknowledged already, or it is resolved. */
  wouldAcknowledge: boolean;
  acknowledgedBy: string | null;
  expiresAt: string;
}

export class PreviewAcknowledgeLinkQuery extends Query<AcknowledgeLinkPreview> {
  constructor(readonly link: AcknowledgeLink) {
    super();
  }
}

@QueryHandler(PreviewAcknowledgeLinkQuery)
export class PreviewAcknowledgeLinkHandler implements IQueryHandler<PreviewAcknowledgeLinkQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ link }: PreviewAcknowledgeLinkQuery): Promise<AcknowledgeLinkPreview> {
    const { incidentId, personId, expiresAt } = link;
    const state = await responses.load(this.store, { incidentId });
    if (state.status === 'none') throw new NotFoundError('incident', incidentId);
    const paged = state.pages.find((page) => page.personId === personId)?.responder;
    const person = paged ?? (await this.nameOf(personId));
    return {
      action: 'acknowledge',
      method: 'POST',
      incidentId,
      title: state.title,
      status: state.status,
      personId,
      person,
      actor: `person:${personId}`,
      wouldAcknowledge: state.status === 'triggered',
      acknowledgedBy: state.acknowledgedBy,
      expiresAt: expiresAt.toISOString(),
    };
  }

  private async nameOf(personId: string): Promise<string | null> {
    const person = await people.load(this.store, { personId });
    return person.status === 'none' ? null : person.name;
  }
}
