import { commandWith, RequestContext } from '@linchpin/platform';
import { WorkingStatus } from '../domain/response.decider';
import { IncidentRole } from '../domain/response-roles';

/*
 * issue 13: the lifecycle's and the roles' commands. The events' `by` is who acts: the request's
 * authenticated principal (issue 14); a body's `by` is only "on behalf of" text (metadata.onBehalfOf).
 */

type Accepted = { eventId: string };

export class ChangeIncidentStatusCommand extends commandWith<{ incidentId: string; to: WorkingStatus; note?: string; request: RequestContext }, Accepted>() {}

export class MitigateIncidentCommand extends commandWith<{ incidentId: string; note?: string; request: RequestContext }, Accepted>() {}

export class ReopenIncidentCommand extends commandWith<{ incidentId: string; reason: string; request: RequestContext }, Accepted>() {}

export class ReassignIncidentCommand extends commandWith<{ incidentId: string; to: { kind: 'team' | 'person'; id: string }; request: RequestContext }, Accepted>() {}

export class EscalateIncidentCommand extends commandWith<{ incidentId: string; request: RequestContext }, { level: number | null; paged: string[] }>() {}

export class AddRespondersCommand extends commandWith<{ incidentId: string; personIds: string[]; request: RequestContext }, Accepted & { pageIds: string[] }>() {}

export class SnoozeIncidentCommand extends commandWith<{ incidentId: string; until: string; request: RequestContext }, Accepted>() {}

export class UnsnoozeIncidentCommand extends commandWith<{ incidentId: string; request: RequestContext }, Accepted>() {}

export class AssignIncidentRoleCommand extends commandWith<{ incidentId: string; role: IncidentRole; personId: string; request: RequestContext }, Accepted>() {}

export class ReleaseIncidentRoleCommand extends commandWith<{ incidentId: string; role: IncidentRole; personId?: string; request: RequestContext }, Accepted>() {}
