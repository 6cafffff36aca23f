import { DomainError, given } from '@linchpin/eventsourcing';
import { BUILT_IN_UPDATE_TEMPLATES, renderTemplate, templateErrors, templateFor, TemplateVariables, UpdateTemplateTable, validateTemplates } from './update-templates';
import { currentTemplates, updateTemplatesDecider, VersionUpdateTemplates } from './update-templates.decider';

const variables = (over: Partial<TemplateVariables> = {}): TemplateVariables => ({
  service: 'checkout',
  priority: 'P1',
  eta: '2026-03-01T14:00:00.000Z',
  phase: 'identified',
  impact: 'major',
  title: '',
  incidentUrl: 'https://linchpin.example.com/coordination/incidents/i-1',
  ...over,
});

describe('update templates: rendering', () => {
  it('renders the variables as plain text, nothing escaped (text channels)', () => {
    expect(renderTemplate('{{service}} ({{priority}}, {{impact}}) is {{phase}} & fixed by {{eta}}: <{{incidentUrl}}>', variables())).toBe(
      'checkout (P1, major) is identified & fixed by 2026-03-01T14:00:00.000Z: <https://linchpin.example.com/coordination/incidents/i-1>',
    );
  });

  it('takes #if / #unless on a variable; an unknown value is empty and false', () => {
    const text = '{{#if eta}}by {{eta}}{{else}}no estimate yet{{/if}}{{#unless service}}, service unknown{{/unless}}';
    expect(renderTemplate(text, variables({ eta: '', service: '' }))).toBe('no estimate yet, service unknown');
    expect(renderTemplate(text, variables())).toBe('by 2026-03-01T14:00:00.000Z');
  });

  it('renders the built-in templates, naming the service and the eta when known', () => {
    expect(renderTemplate(BUILT_IN_UPDATE_TEMPLATES.investigating.message, variables())).toBe(
      'We are investigating an issue affecting checkout. We expect to resolve it by 2026-03-01T14:00:00.000Z.',
    );
    expect(renderTemplate(BUILT_IN_UPDATE_TEMPLATES.resolved.message, variables({ service: '' }))).toBe('The issue affecting one of our services has been resolved.');
  });

  it("picks the priority's override, else the phase's template, and says which", () => {
    const table: UpdateTemplateTable = { ...BUILT_IN_UPDATE_TEMPLATES, identified: { message: 'plain', priorities: { P1: 'loud' } } };
    expect(templateFor(table, 'identified', 'P1')).toEqual({ id: 'identified.P1', text: 'loud' });
    expect(templateFor(table, 'identified', 'P3')).toEqual({ id: 'identified', text: 'plain' });
    expect(templateFor(table, 'identified', null)).toEqual({ id: 'identified', text: 'plain' });
  });
});

describe('update templates: validation at write time', () => {
  const reasons = (text: string) => templateErrors(text, 'templates.identified.message').map((e) => e.reason);

  it('takes the known variables and #if / #unless on them', () => {
    expect(validateTemplates(BUILT_IN_UPDATE_TEMPLATES)).toEqual([]);
    expect(reasons('{{service}} {{{title}}} {{#unless eta}}soon{{/unless}} {{! a comment }}')).toEqual([]);
  });

  it('refuses a template that does not compile, naming the field', () => {
    const [error] = templateErrors('{{#if service}}unclosed', 'templates.identified.message');
    expect(error).toEqual({ field: 'templates.identified.message', reason: expect.stringMatching(/^does not compile: /) });
  });

  it('refuses an unknown variable, a path, this, @data and parent lookups', () => {
    for (const text of ['{{customer}}', '{{service.name}}', '{{this}}', '{{@root.service}}', '{{../service}}', '{{constructor}}']) {
      expect(reasons(text)).toEqual([expect.stringMatching(/unknown variable .*known variables: service, priority, eta, phase, impact, title, incidentUrl/)]);
    }
  });

  it('refuses helpers, other blocks, partials and conditions on unknown variables: no user code runs', () => {
    expect(reasons('{{lookup service "x"}}')).toEqual([expect.stringMatching(/uses a helper/)]);
    expect(reasons('{{#each service}}x{{/each}}')).toEqual([expect.stringMatching(/only \{\{#if <variable>\}\}/)]);
    expect(reasons('{{> header}}')).toEqual([expect.stringMatching(/PartialStatement/)]);
    expect(reasons('{{#if secret}}x{{/if}}')).toEqual([expect.stringMatching(/unknown variable \{\{secret\}\}/)]);
    expect(reasons('{{#if service}}{{oops}}{{/if}}')).toEqual([expect.stringMatching(/unknown variable \{\{oops\}\}/)]);
  });

  it('names each failing field of a table: missing phase, unknown phase, bad override, unknown priority', () => {
    const table = {
      investigating: { message: 'ok' },
      identified: { message: '{{nope}}', priorities: { P1: '{{#if', P9: 'x' } },
      monitoring: { message: ' ' },
      fixed: { message: 'x' },
    };
    expect(validateTemplates(table).map((e) => e.field)).toEqual([
      'templates.fixed',
      'templates.identified.message',
      'templates.identified.priorities.P1',
      'templates.identified.priorities.P9',
      'templates.monitoring.message',
      'templates.resolved',
    ]);
  });
});

describe('update templates decider (updateTemplates-default)', () => {
  const context = { actor: 'user:ops', causationId: 'request-1', occurredAt: '2026-03-03T09:00:00.000Z' };
  const mine: UpdateTemplateTable = { ...BUILT_IN_UPDATE_TEMPLATES, identified: { message: '{{service}}: cause found', priorities: { P1: '{{service}} ({{priority}}): cause found' } } };
  const version = (over: Partial<VersionUpdateTemplates> = {}): VersionUpdateTemplates => ({ type: 'VersionUpdateTemplates', eventId: 'e-1', templates: mine, context, ...over });

  it('given the built-in version 1, when new templates are published, then version 2 with the reason and the actor', () => {
    const [event] = given(updateTemplatesDecider).when(version({ reason: ' shorter ', basedOnVersion: 1 })).then((events) => expect(events).toHaveLength(1));
    expect(event).toMatchObject({ type: 'UpdateTemplatesVersioned', data: { templatesId: 'default', version: 2, templates: mine, reason: 'shorter' } });
    expect(event.metadata).toMatchObject({ actor: 'user:ops', occurredAt: '2026-03-03T09:00:00.000Z' });
    const state = [event].reduce(updateTemplatesDecider.evolve, updateTemplatesDecider.initialState);
    expect(state.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(currentTemplates(state)).toMatchObject({ version: 2, versionedBy: 'user:ops', reason: 'shorter' });
  });

  it('publishes nothing for the same templates again; refuses a stale edit and invalid templates, naming the field', () => {
    const history = given(updateTemplatesDecider).when(version()).events;
    given(updateTemplatesDecider, history).when(version({ eventId: 'e-2' })).then([]);
    expect(given(updateTemplatesDecider, history).when(version({ basedOnVersion: 1, templates: BUILT_IN_UPDATE_TEMPLATES })).thenThrows(DomainError, 'update_templates_stale').field).toBe(
      'basedOnVersion',
    );
    const invalid = { ...mine, resolved: { message: '{{customer}}' } };
    expect(given(updateTemplatesDecider).when(version({ templates: invalid })).thenThrows(DomainError, 'update_templates_invalid').field).toBe('templates.resolved.message');
  });
});
