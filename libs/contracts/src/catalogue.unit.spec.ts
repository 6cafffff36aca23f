import { catalogue, definitionOf, jsonSchemas } from './catalogue';
import { IncidentDetected } from './events/incident-detected';

describe('the published event catalogue', () => {
  it('names every event once per version, with an explicit type string and a JSON schema', () => {
    const keys = catalogue.map(({ definition }) => `${definition.type}@${definition.schemaVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
    const schemas = jsonSchemas();
    for (const { definition } of catalogue) {
      expect(definition.type).toMatch(/^[A-Z][A-Za-z]+$/);
      const schema = schemas[`${definition.type}.v${definition.schemaVersion}`] as { type: string; title: string };
      expect(schema).toMatchObject({ type: 'object', title: definition.type });
      expect(JSON.parse(JSON.stringify(schema))).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
    expect(definitionOf('IncidentDetected', 1)).toBe(IncidentDetected);
  });

  it('validates data against the schema and says which field is wrong', () => {
    const valid = {
      incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      title: 'Checkout errors',
      severity: 'critical',
      source: 'prometheus',
      labels: {},
      alertId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      fingerprint: 'f',
      firstSignalAt: '2026-01-01T00:00:00.000Z',
    };
    expect(IncidentDetected.validate(valid)).toEqual([]);
    const errors = IncidentDetected.validate({ ...valid, severity: 'catastrophic' });
    expect(errors.some((e) => e.startsWith('/severity'))).toBe(true);
  });
});
