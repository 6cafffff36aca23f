import { NotFoundError } from '@linchpin/eventsourcing';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AlertProvenance, AlertsProjection, AlertView, SignalExplanation } from './alerts.projection';

export type AlertSummary = Omit<AlertView, 'incidentId'>;
export interface IncidentAlerts {
  incidentId: string;
  alerts: AlertSummary[];
}

export interface AlertExplanation extends AlertProvenance {
  alertId: string;
  incidentId: string | null;
  status: AlertView['status'];
  /** The latest decision, in one sentence. */
  explanation: string;
}

export class GetIncidentAlertsQuery extends Query<IncidentAlerts> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export class GetAlertQuery extends Query<AlertView> {
  constructor(readonly alertId: string) {
    super();
  }
}

export class ExplainSignalQuery extends Query<SignalExplanation> {
  constructor(readonly signalId: string) {
    super();
  }
}

export class ExplainAlertQuery extends Query<AlertExplanation> {
  constructor(readonly alertId: string) {
    super();
  }
}

@QueryHandler(GetIncidentAlertsQuery)
export class GetIncidentAlertsHandler implements IQueryHandler<GetIncidentAlertsQuery, IncidentAlerts> {
  constructor(private readonly projection: AlertsProjection) {}

  async execute({ incidentId }: GetIncidentAlertsQuery): Promise<IncidentAlerts> {
    const alerts = await this.projection.alertsOf(incidentId);
    if (alerts.length === 0) throw new NotFoundError('incident', incidentId);
    return { incidentId, alerts: alerts.map(({ incidentId: _omit, ...alert }) => alert) };
  }
}

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertView> {
  constructor(private readonly projection: AlertsProjection) {}

  async execute({ alertId }: GetAlertQuery): Promise<AlertView> {
    const alert = await this.projection.alert(alertId);
    if (!alert) throw new NotFoundError('alert', alertId);
    return alert;
  }
}

@QueryHandler(ExplainAlertQuery)
export class ExplainAlertHandler implements IQueryHandler<ExplainAlertQuery, AlertExplanation> {
  constructor(private readonly projection: AlertsProjection) {}

  async execute({ alertId }: ExplainAlertQuery): Promise<AlertExplanation> {
    const [alert, provenance] = await Promise.all([this.projection.alert(alertId), this.projection.provenanceOf(alertId)]);
    if (!alert || !provenance) throw new NotFoundError('alert', alertId);
    const last = provenance.signals[provenance.signals.length - 1];
    return { alertId, incidentId: alert.incidentId, status: alert.status, explanation: last?.reason ?? '', ...provenance };
  }
}

/** One signal by the id its 202 answered: its own decision, or (a repeat) the batch it was deduplicated in. */
@QueryHandler(ExplainSignalQuery)
export class ExplainSignalHandler implements IQueryHandler<ExplainSignalQuery, SignalExplanation> {
  constructor(private readonly projection: AlertsProjection) {}

  async execute({ signalId }: ExplainSignalQuery): Promise<SignalExplanation> {
    const explained = await this.projection.signal(signalId);
    if (!explained) throw new NotFoundError('signal', signalId);
    return explained;
  }
}
