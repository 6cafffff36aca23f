import { commandWith, RequestContext } from '@linchpin/platform';
import { LinkKind } from '../domain/response-merge';

/* issue 13, merge and link: who acts is the request's principal (issue 14); a body's `by` is only "on behalf of" text. */

type Accepted = { eventId: string };

export class MergeIncidentCommand extends commandWith<{ incidentId: string; into: string; reason?: string; request: RequestContext }, Accepted>() {}

export class UnmergeIncidentCommand extends commandWith<{ incidentId: string; reason?: string; request: RequestContext }, Accepted>() {}

export class LinkIncidentCommand extends commandWith<{ incidentId: string; to: string; kind: LinkKind; request: RequestContext }, Accepted>() {}

export class UnlinkIncidentCommand extends commandWith<{ incidentId: string; to: string; request: RequestContext }, Accepted>() {}
