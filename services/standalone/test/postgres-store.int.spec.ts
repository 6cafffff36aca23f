import { Client } from 'pg';
import { asAdmin, dropPostgresSchema, eventually, freshPostgresSchema, postgresUnderTest } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

/*
 * Issue 18: POSTGRES_URL puts the standalone's events on PostgreSQL, in its own schema (POSTGRES_SCHEMA here, a
 * fresh one per run, dropped after it), and a restart on the same schema finds everything again. Skipped without
 * POSTGRES_URL (the reason printed), except under CI=true.
 */
const url = postgresUnderTest();

(url ? describe : describe.skip)('the standalone on PostgreSQL (POSTGRES_URL)', () => {
  const connectionString = url ?? '';
  const schema = freshPostgresSchema('standalone');
  const env = { POSTGRES_URL: connectionString, POSTGRES_SCHEMA: schema };
  let embedded: EmbeddedApp | undefined;

  afterAll(async () => {
    await embedded?.close();
    await dropPostgresSchema(connectionString, schema);
  });

  const eventsInSchema = async () => {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ stream_name: string }>(`SELECT stream_name FROM ${schema}.events ORDER BY position`);
      return rows.map((r) => r.stream_name);
    } finally {
      await client.end();
    }
  };

  it('stores an alert and its incident there, and finds them again after a restart on the same schema', async () => {
    embedded = await startEmbedded('standalone-pg', env);
    const http = () => asAdmin(embedded!.app.getHttpServer());
    await http().get('/health/ready').expect(200);

    const alert = { source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical', labels: { service: 'checkout', alertname: 'pg-store' } };
    const { body: accepted } = await http().post('/detection/alerts').send(alert).expect(202);
    expect(accepted).toMatchObject({ deduplicated: false, status: 'firing' });
    const { body: stored } = await http().get(`/detection/alerts/${accepted.alertId}`).expect(200);
    // Triage hears of the incident through the relay, which reads the log from PostgreSQL.
    const incident = await eventually('triage knows the incident', async () => {
      const response = await http().get(`/triage/incidents/${accepted.incidentId}`);
      return response.status === 200 ? response.body : undefined;
    });
    // The events are PostgreSQL's, in the schema named: not in a SQLite file.
    expect((await eventsInSchema()).some((stream) => stream.includes(accepted.alertId) || stream.includes(accepted.incidentId))).toBe(true);

    await embedded.close();
    embedded = await startEmbedded('standalone-pg', env);
    await http().get('/health/ready').expect(200);
    expect((await http().get(`/detection/alerts/${accepted.alertId}`).expect(200)).body).toEqual(stored);
    expect((await http().get(`/triage/incidents/${accepted.incidentId}`).expect(200)).body).toMatchObject({ incidentId: incident.incidentId });
    // The same alert while it fires is the same alert: the restarted process decided from the stored history.
    const { body: again } = await http().post('/detection/alerts').send(alert).expect(202);
    expect(again).toMatchObject({ alertId: accepted.alertId, incidentId: accepted.incidentId, deduplicated: true });
  });
});
