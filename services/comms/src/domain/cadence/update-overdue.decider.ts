import { assertNever, CommandContext, Decider, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { UpdateOverdueEvent, UpdateOverdueV1 } from '@linchpin/contracts';

/**
 * The published record of each overdue update (stream `updateOverdue-<incidentId>`, relayed). It is
 * written before the timer that caused it is fired (in the incident's private cadence stream), keyed by
 * that timer: a crash between the two fires the timer again after the restart, which finds its
 * UpdateOverdue here and records nothing new, so each is published (and notified) once.
 */
export interface RecordUpdateOverdue {
  type: 'RecordUpdateOverdue';
  incidentId: string;
  timerId: string;
  overdue: UpdateOverdueEvent['data'];
  context: CommandContext;
}

export interface UpdateOverdueState {
  /** The recorded ones by the id derived from their timer. */
  recorded: Readonly<Record<string, UpdateOverdueEvent>>;
}

export const updateOverdueIdOf = (timerId: string): string => deterministicId(timerId, 'comms.update-overdue');

export const updateOverdueDecider: Decider<RecordUpdateOverdue, UpdateOverdueState, UpdateOverdueEvent> = {
  initialState: { recorded: {} },
  evolve: (state, event) => ({ recorded: { ...state.recorded, [event.id]: event } }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordUpdateOverdue': {
        const id = updateOverdueIdOf(command.timerId);
        if (state.recorded[id]) return [];
        return [UpdateOverdueV1.create(id, command.overdue, metadataOf(command.context, command.incidentId))];
      }
      default:
        return assertNever(command.type);
    }
  },
};
