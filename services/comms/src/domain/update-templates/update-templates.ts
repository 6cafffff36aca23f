import Handlebars from 'handlebars';

/** The phases of a status update (the event's `status`): one template each. */
export const UPDATE_PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];
export const TEMPLATE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type TemplatePriority = (typeof TEMPLATE_PRIORITIES)[number];

/** What a template may name: nothing else compiles. */
export const TEMPLATE_VARIABLES = ['service', 'priority', 'eta', 'phase', 'impact', 'title', 'incidentUrl'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVariables = Record<TemplateVariable, string>;

/** The only helpers a template may use: conditions on a variable. No user code runs. */
const BLOCK_HELPERS = ['if', 'unless'];
export const TEMPLATE_MAX_LENGTH = 2000;

/** One phase's template, with optional per-priority overrides (a P1 update may say more than a P4 one). */
export interface PhaseTemplate {
  message: string;
  priorities?: Partial<Record<TemplatePriority, string>>;
}
export type UpdateTemplateTable = Record<UpdatePhase, PhaseTemplate>;

export const UPDATE_TEMPLATES_ID = 'default';

/** Version 1, built in and never stored: what an update says when nobody wrote a template. */
export const BUILT_IN_UPDATE_TEMPLATES: UpdateTemplateTable = {
  investigating: { message: 'We are investigating an issue affecting {{#if service}}{{service}}{{else}}one of our services{{/if}}.{{#if eta}} We expect to resolve it by {{eta}}.{{/if}}' },
  identified: { message: 'We have identified the cause of the issue affecting {{#if service}}{{service}}{{else}}one of our services{{/if}} and are working on a fix.{{#if eta}} We expect to resolve it by {{eta}}.{{/if}}' },
  monitoring: { message: 'A fix for the issue affecting {{#if service}}{{service}}{{else}}one of our services{{/if}} is in place; we are monitoring the results.' },
  resolved: { message: 'The issue affecting {{#if service}}{{service}}{{else}}one of our services{{/if}} has been resolved.' },
};

export interface TemplateFieldError {
  field: string;
  reason: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a template table, each naming its field (`templates.identified.priorities.P1`); empty when valid. */
export function validateTemplates(templates: unknown): TemplateFieldError[] {
  if (!isObject(templates)) return [{ field: 'templates', reason: `must be an object with the templates of ${UPDATE_PHASES.join(', ')}` }];
  const errors: TemplateFieldError[] = [];
  for (const key of Object.keys(templates)) {
    if (!UPDATE_PHASES.includes(key as UpdatePhase)) errors.push({ field: `templates.${key}`, reason: `is not a phase (${UPDATE_PHASES.join(', ')})` });
  }
  for (const phase of UPDATE_PHASES) {
    const field = `templates.${phase}`;
    const template = templates[phase];
    if (!isObject(template)) {
      errors.push({ field, reason: 'is required: an object with `message` and optional `priorities`' });
      continue;
    }
    for (const key of Object.keys(template)) {
      if (key !== 'message' && key !== 'priorities') errors.push({ field: `${field}.${key}`, reason: 'is not a template field (message, priorities)' });
    }
    errors.push(...templateErrors(template.message, `${field}.message`));
    if (template.priorities === undefined || template.priorities === null) continue;
    if (!isObject(template.priorities)) {
      errors.push({ field: `${field}.priorities`, reason: 'must be an object of priority (P1 to P5) to template' });
      continue;
    }
    for (const [priority, text] of Object.entries(template.priorities)) {
      const at = `${field}.priorities.${priority}`;
      if (!TEMPLATE_PRIORITIES.includes(priority as TemplatePriority)) errors.push({ field: at, reason: 'is not a priority (P1 to P5)' });
      else errors.push(...templateErrors(text, at));
    }
  }
  return errors;
}

/** Why one template text is refused: it does not parse, or it names something other than the known variables and conditions. */
export function templateErrors(text: unknown, field: string): TemplateFieldError[] {
  if (typeof text !== 'string' || text.trim() === '') return [{ field, reason: 'must be a non-blank template text' }];
  if (text.length > TEMPLATE_MAX_LENGTH) return [{ field, reason: `must be at most ${TEMPLATE_MAX_LENGTH} characters` }];
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (error) {
    return [{ field, reason: `does not compile: ${firstLine(error)}` }];
  }
  const problems: string[] = [];
  walk(program, problems);
  return [...new Set(problems)].map((reason) => ({ field, reason }));
}

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];
const known = `known variables: ${TEMPLATE_VARIABLES.join(', ')}`;

/** The one variable a path names, or a reason it is not one (`this`, `../x`, `@index`, `a.b`). */
function variableProblem(node: hbs.AST.Expression): string | null {
  if (node.type !== 'PathExpression') return `only variables may be used, not ${node.type} (${known})`;
  const path = node as hbs.AST.PathExpression;
  if (path.data || path.depth > 0 || path.parts.length !== 1 || !TEMPLATE_VARIABLES.includes(path.parts[0] as TemplateVariable)) {
    return `names an unknown variable {{${path.original}}} (${known})`;
  }
  return null;
}

function walk(program: hbs.AST.Program | undefined, problems: string[]): void {
  for (const node of program?.body ?? []) {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0) {
          problems.push(`uses a helper {{${pathOf(m.path)} …}}: only variables and #if / #unless are allowed (${known})`);
          break;
        }
        const problem = variableProblem(m.path);
        if (problem) problems.push(problem);
        break;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const helper = pathOf(b.path);
        if (!BLOCK_HELPERS.includes(helper) || b.params.length !== 1 || (b.hash?.pairs.length ?? 0) > 0) {
          problems.push(`uses the block {{#${helper}}}: only {{#if <variable>}} and {{#unless <variable>}} are allowed`);
          break;
        }
        const problem = variableProblem(b.params[0]);
        if (problem) problems.push(problem);
        walk(b.program, problems);
        walk(b.inverse, problems);
        break;
      }
      default:
        // Partials, decorators, raw blocks: they would load or run something beyond the variables.
        problems.push(`uses ${node.type}: only variables and #if / #unless are allowed`);
    }
  }
}

const pathOf = (node: hbs.AST.Expression): string => (node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : node.type);

/** The template an update of this phase and priority uses: the priority's override, else the phase's. */
export function templateFor(table: UpdateTemplateTable, phase: UpdatePhase, priority: string | null): { id: string; text: string } {
  const override = priority ? table[phase].priorities?.[priority as TemplatePriority] : undefined;
  return override !== undefined ? { id: `${phase}.${priority}`, text: override } : { id: phase, text: table[phase].message };
}

/**
 * Renders a validated template as plain text (`noEscape`: updates are text; an HTML channel escapes when it renders
 * the message). Strict and known helpers only: a variable missing from `variables` is an error, never a lookup up
 * the prototype chain; an unknown value is an empty string.
 */
export function renderTemplate(text: string, variables: TemplateVariables): string {
  const render = Handlebars.compile(text, { noEscape: true, strict: true, knownHelpersOnly: true, knownHelpers: { if: true, unless: true } });
  return render({ ...variables });
}
