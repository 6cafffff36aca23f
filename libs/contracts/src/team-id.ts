import { nameBasedId } from '@linchpin/eventsourcing';

/**
 * A team's id, as every published event names it: derived from its name (`nameBasedId('team:' + lower-cased name)`,
 * docs/architecture.md, Deterministic ids), so two teams never share a name and any context finds a team's id from it.
 */
export const teamIdOf = (name: string): string => nameBasedId(`team:${name.trim().toLowerCase()}`);
