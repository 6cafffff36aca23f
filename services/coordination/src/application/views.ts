import { Page, Response, ResponseState } from '../domain/response.decider';
import { Team } from '../domain/team.decider';

export type TeamView = Team;

export interface ResponseView {
  incidentId: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  priority: Response['priority'];
  title: string | null;
  team: string;
  pages: Page[];
  paged: boolean;
  pagedReason: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export const responseView = (state: Exclude<ResponseState, { status: 'none' }>): ResponseView => ({
  incidentId: state.incidentId,
  status: state.status,
  priority: state.priority,
  title: state.title,
  team: state.team,
  pages: state.pages,
  paged: state.paged,
  pagedReason: state.pagedReason,
  acknowledgedBy: state.acknowledgedBy,
  acknowledgedAt: state.acknowledgedAt,
  resolvedBy: state.resolvedBy,
  resolvedAt: state.resolvedAt,
  resolution: state.resolution,
});
