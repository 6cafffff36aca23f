/** An alert that starts or stops firing more than `maxChanges` times within `windowSeconds` is flapping. */
export interface FlappingPolicy {
  maxChanges: number;
  windowSeconds: number;
}

/**
 * Default: more than 4 changes in 30 minutes, i.e. the third time an alert starts firing within half
 * an hour it rejoins its last incident instead of opening a third (Nagios and Icinga use a similar share of
 * recent state changes; a fixed count is easier to reason about and to explain).
 */
export const DEFAULT_FLAPPING: FlappingPolicy = { maxChanges: 4, windowSeconds: 30 * 60 };

/** The changes still inside the window that ends at `at`. */
export const changesWithin = (changes: string[], policy: FlappingPolicy, at: string): string[] => {
  const since = Date.parse(at) - policy.windowSeconds * 1000;
  return changes.filter((c) => Date.parse(c) > since);
};
