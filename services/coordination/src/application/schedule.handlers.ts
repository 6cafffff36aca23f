import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { coverage, instantOf, onCallAt } from '../domain/schedule';
import { ScheduleState, scheduleOf } from '../domain/schedule.decider';
import { schedules } from '../domain/streams';
import {
  AddOverrideCommand,
  CreateScheduleCommand,
  GetScheduleQuery,
  ListSchedulesQuery,
  OnCallQuery,
  RemoveOverrideCommand,
  RetireScheduleCommand,
  ShiftsQuery,
  UpdateScheduleCommand,
} from './schedule.commands';
import { OnCallView, SchedulePage, ScheduleView, ShiftsView, scheduleView } from './schedule.views';
import { SchedulesProjection } from './schedules.projection';

/** The longest range `GET …/shifts` lists: a quarter, so one answer stays small and quick. */
export const MAX_SHIFTS_RANGE_DAYS = 93;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_SHIFTS_RANGE_DAYS = 7;

@CommandHandler(CreateScheduleCommand)
export class CreateScheduleHandler extends StoreCommandHandler implements ICommandHandler<CreateScheduleCommand> {
  async execute({ definition, request }: CreateScheduleCommand): Promise<{ scheduleId: string; version: number }> {
    const scheduleId = newId();
    await schedules.handle(this.store, { type: 'CreateSchedule', scheduleId, eventId: newId(), definition, context: this.contextOf(request) });
    return { scheduleId, version: 1 };
  }
}

@CommandHandler(UpdateScheduleCommand)
export class UpdateScheduleHandler extends StoreCommandHandler implements ICommandHandler<UpdateScheduleCommand> {
  async execute({ scheduleId, definition, basedOnVersion, request }: UpdateScheduleCommand): Promise<{ scheduleId: string; version: number }> {
    const { state } = await schedules.handle(this.store, { type: 'UpdateSchedule', scheduleId, eventId: newId(), definition, basedOnVersion, context: this.contextOf(request) });
    return { scheduleId, version: state.status === 'none' ? 0 : state.version };
  }
}

@CommandHandler(RetireScheduleCommand)
export class RetireScheduleHandler extends StoreCommandHandler implements ICommandHandler<RetireScheduleCommand> {
  async execute({ scheduleId, request }: RetireScheduleCommand): Promise<void> {
    await schedules.handle(this.store, { type: 'RetireSchedule', scheduleId, eventId: newId(), context: this.contextOf(request) });
  }
}

@CommandHandler(AddOverrideCommand)
export class AddOverrideHandler extends StoreCommandHandler implements ICommandHandler<AddOverrideCommand> {
  async execute({ scheduleId, personId, from, to, request }: AddOverrideCommand): Promise<{ overrideId: string }> {
    const overrideId = newId();
    await schedules.handle(this.store, { type: 'AddOverride', scheduleId, eventId: newId(), override: { overrideId, personId, from, to }, context: this.contextOf(request) });
    return { overrideId };
  }
}

@CommandHandler(RemoveOverrideCommand)
export class RemoveOverrideHandler extends StoreCommandHandler implements ICommandHandler<RemoveOverrideCommand> {
  async execute({ scheduleId, overrideId, request }: RemoveOverrideCommand): Promise<void> {
    await schedules.handle(this.store, { type: 'RemoveOverride', scheduleId, overrideId, eventId: newId(), context: this.contextOf(request) });
  }
}

/** Schedules as they stand: a retired one is still read (its past answers stand), never changed. */
abstract class ScheduleReader {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async existing(scheduleId: string): Promise<Exclude<ScheduleState, { status: 'none' }>> {
    const state = await schedules.load(this.store, { scheduleId });
    if (state.status === 'none') throw new NotFoundError('schedule', scheduleId);
    return state;
  }
}

@QueryHandler(GetScheduleQuery)
export class GetScheduleHandler extends ScheduleReader implements IQueryHandler<GetScheduleQuery> {
  async execute({ scheduleId }: GetScheduleQuery): Promise<ScheduleView> {
    return scheduleView(await this.existing(scheduleId));
  }
}

@QueryHandler(ListSchedulesQuery)
export class ListSchedulesHandler implements IQueryHandler<ListSchedulesQuery> {
  constructor(private readonly projection: SchedulesProjection) {}

  execute({ limit, cursor }: ListSchedulesQuery): Promise<SchedulePage> {
    return this.projection.page(limit, cursor);
  }
}

@QueryHandler(OnCallQuery)
export class OnCallHandler extends ScheduleReader implements IQueryHandler<OnCallQuery> {
  async execute({ scheduleId, at }: OnCallQuery): Promise<OnCallView> {
    const state = await this.existing(scheduleId);
    const answer = onCallAt(scheduleOf(state), at ?? this.clock.now().toISOString());
    return { scheduleId, version: state.version, timeZone: state.definition.timeZone, ...answer };
  }
}

@QueryHandler(ShiftsQuery)
export class ShiftsHandler extends ScheduleReader implements IQueryHandler<ShiftsQuery> {
  async execute(query: ShiftsQuery): Promise<ShiftsView> {
    const from = query.from === undefined ? this.clock.now().getTime() : instantOf(query.from)!;
    const to = query.to === undefined ? from + DEFAULT_SHIFTS_RANGE_DAYS * DAY_MS : instantOf(query.to)!;
    if (to <= from) throw new RequestValidationException([{ field: 'to', reason: 'to must be after from' }]);
    if (to - from > MAX_SHIFTS_RANGE_DAYS * DAY_MS) {
      throw new RequestValidationException([{ field: 'to', reason: `to must be at most ${MAX_SHIFTS_RANGE_DAYS} days after from` }]);
    }
    const state = await this.existing(query.scheduleId);
    const [fromIso, toIso] = [new Date(from).toISOString(), new Date(to).toISOString()];
    return { scheduleId: query.scheduleId, version: state.version, timeZone: state.definition.timeZone, from: fromIso, to: toIso, ...coverage(scheduleOf(state), fromIso, toIso) };
  }
}
