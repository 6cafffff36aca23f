import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@linchpin/eventsourcing';
import { Access, FieldError, ProblemDetailsDto, RequestValidationException } from '@linchpin/platform';
import { PeopleWhatIfQuery, PeopleWhatIfResult, ProposedPolicy, ProposedSchedule } from '../application/what-if.query';
import { EscalationPolicyDefinition, validatePolicy } from '../domain/escalation';
import { ScheduleDefinition, definitionProblems, instantOf, minutesOf } from '../domain/schedule';
import { EscalationPolicyFieldsDto } from './escalation-policy.dto';
import { ScheduleBodyDto } from './schedule.dto';
import { PeopleWhatIfRequestDto } from './what-if.dto';

export const MAX_RANGE_DAYS = 93;
const DAY_MS = 24 * 60 * 60 * 1000;

/** As the schedules route fills defaults before `definitionProblems`. */
const scheduleOf = (body: ScheduleBodyDto): ScheduleDefinition => ({
  name: body.name,
  timeZone: body.timeZone,
  layers: body.layers.map((layer, i) => ({
    name: layer.name?.trim() || `Layer ${i + 1}`,
    participants: layer.participants,
    rotation: layer.rotation,
    ...(layer.handoffHours !== undefined ? { handoffHours: layer.handoffHours } : {}),
    start: layer.start,
    handoffTime: layer.handoffTime ?? layer.start.slice(11, 16),
    restrictions: (layer.restrictions ?? []).map((r) => ({ days: r.days, start: r.start, end: r.end })),
  })),
});

/** As the escalation policies route maps its body; `validatePolicy` is what its decider checks. */
const policyOf = (body: EscalationPolicyFieldsDto): EscalationPolicyDefinition => ({
  name: body.name,
  levels: body.levels.map((level) => ({ targets: level.targets.map((t) => ({ kind: t.kind, id: t.id })), timeoutMinutes: level.timeoutMinutes })),
  repeat: body.repeat,
  ...(body.acknowledgementTimeoutMinutes != null ? { acknowledgementTimeoutMinutes: body.acknowledgementTimeoutMinutes } : {}),
});

const policyProblems = (definition: EscalationPolicyDefinition): FieldError[] => {
  try {
    validatePolicy(definition);
    return [];
  } catch (error) {
    if (error instanceof DomainError) return [{ field: error.field ?? 'definition', reason: error.message }];
    throw error;
  }
};

/** Each id at most once per kind: two proposals for one schedule would leave which one counts to chance. */
const duplicates = (ids: (string | undefined)[], field: (i: number) => string): FieldError[] => {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => {
    if (id === undefined) return [];
    const key = id.toLowerCase();
    if (seen.has(key)) return [{ field: field(i), reason: `${id} is proposed twice` }];
    seen.add(key);
    return [];
  });
};

@ApiTags('coordination: what-if')
@Controller('coordination/simulate')
export class WhatIfController {
  constructor(private readonly queries: QueryBus) {}

  @Post()
  @Access('viewer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What if, for people: replay past incidents through proposed schedules and escalation policies',
    description:
      'Takes every incident coordination paged in [from, to) (at most 93 days), and replays its escalation from its recorded paging instant: ' +
      'level 1 at once, each next level at the previous level’s timeout while the recorded incident was still unacknowledged and unresolved ' +
      'at that moment, the default route’s team once the policy is exhausted. Levels resolve against the proposed schedules over the stored ' +
      'ones (a proposed schedule has no overrides), people and teams as they stand now. An incident follows the proposed policy of the id it ' +
      'recorded (a team’s default policy included), else the snapshot it recorded. Answers, per incident, who would have been paged at each ' +
      'level and who was (re-notifications left out and counted), and per person the pages and out-of-hours pages, proposed, recorded and ' +
      'the difference. Out of hours: outside 09:00–17:00 Monday to Friday in the paged person’s own zone, unless `businessHours` is given. ' +
      'Writes nothing.',
  })
  @ApiOkResponse({ description: '`{ range, businessHours, proposal: { schedules, policies }, totals: { incidents, changed, pages, pagesPerPerson, outOfHoursPagesPerPerson }, incidents: [...] }`' })
  @ApiBadRequestResponse({
    type: ProblemDetailsDto,
    description: '`errors` names each bad field: `from`/`to` (not instants, `to` not after `from`, more than 93 days), a definition’s field (`schedules.0.definition.layers.0.start`), an id proposed twice.',
  })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`unknown_reference`: `errors` names each person, team or schedule a proposal names that does not exist' })
  simulate(@Body() body: PeopleWhatIfRequestDto): Promise<PeopleWhatIfResult> {
    const [from, to] = [instantOf(body.from)!, instantOf(body.to)!];
    const schedules: ProposedSchedule[] = (body.schedules ?? []).map((s) => ({ ...(s.scheduleId ? { scheduleId: s.scheduleId } : {}), definition: scheduleOf(s.definition) }));
    const policies: ProposedPolicy[] = (body.policies ?? []).map((p) => ({ ...(p.policyId ? { policyId: p.policyId } : {}), definition: policyOf(p.definition) }));
    const hours = body.businessHours;
    const errors: FieldError[] = [
      ...(to <= from ? [{ field: 'to', reason: 'to must be after from' }] : []),
      ...(to - from > MAX_RANGE_DAYS * DAY_MS ? [{ field: 'to', reason: `to must be at most ${MAX_RANGE_DAYS} days after from` }] : []),
      ...schedules.flatMap((s, i) => definitionProblems(s.definition).map((e) => ({ ...e, field: `schedules.${i}.definition.${e.field}` }))),
      ...policies.flatMap((p, i) => policyProblems(p.definition).map((e) => ({ ...e, field: `policies.${i}.definition.${e.field}` }))),
      ...duplicates(schedules.map((s) => s.scheduleId), (i) => `schedules.${i}.scheduleId`),
      ...duplicates(policies.map((p) => p.policyId), (i) => `policies.${i}.policyId`),
      ...(hours && minutesOf(hours.end) <= minutesOf(hours.start) ? [{ field: 'businessHours.end', reason: 'end must be after start' }] : []),
    ];
    if (errors.length > 0) throw new RequestValidationException(errors);
    return this.queries.execute(
      new PeopleWhatIfQuery(new Date(from).toISOString(), new Date(to).toISOString(), schedules, policies, hours ? { timeZone: hours.timeZone, days: hours.days, start: hours.start, end: hours.end } : undefined),
    );
  }
}
