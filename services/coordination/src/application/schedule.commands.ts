import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { AddOverride, CreateSchedule, RemoveOverride, RetireSchedule, UpdateSchedule } from '../domain/schedule.decider';
import { OnCallView, SchedulePage, ScheduleView, ShiftsView } from './schedule.views';

export class CreateScheduleCommand extends commandWith<Pick<CreateSchedule, 'definition'> & { request: RequestContext }, { scheduleId: string; version: number }>() {}

export class UpdateScheduleCommand extends commandWith<
  Pick<UpdateSchedule, 'scheduleId' | 'definition' | 'basedOnVersion'> & { request: RequestContext },
  { scheduleId: string; version: number }
>() {}

export class RetireScheduleCommand extends commandWith<Pick<RetireSchedule, 'scheduleId'> & { request: RequestContext }, void>() {}

export class AddOverrideCommand extends commandWith<
  Pick<AddOverride, 'scheduleId'> & Omit<AddOverride['override'], 'overrideId'> & { request: RequestContext },
  { overrideId: string }
>() {}

export class RemoveOverrideCommand extends commandWith<Pick<RemoveOverride, 'scheduleId' | 'overrideId'> & { request: RequestContext }, void>() {}

export class GetScheduleQuery extends Query<ScheduleView> {
  constructor(readonly scheduleId: string) {
    super();
  }
}

export class ListSchedulesQuery extends Query<SchedulePage> {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}

/** `at` absent: now, by the injected clock. */
export class OnCallQuery extends Query<OnCallView> {
  constructor(
    readonly scheduleId: string,
    readonly at: string | undefined,
  ) {
    super();
  }
}

/** `from` absent: now; `to` absent: a week after `from`. */
export class ShiftsQuery extends Query<ShiftsView> {
  constructor(
    readonly scheduleId: string,
    readonly from: string | undefined,
    readonly to: string | undefined,
  ) {
    super();
  }
}
