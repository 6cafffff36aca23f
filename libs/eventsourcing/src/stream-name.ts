/** `<category>-<id>`: EventStoreDB splits the category at the first `-`. */
export const streamName = (category: string, id: string): string => {
  if (!/^[a-z][A-Za-z0-9]*$/.test(category)) throw new Error(`category must be camelCase: ${category}`);
  return `${category}-${id}`;
};

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};

export const idOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(dash + 1);
};

/** A log filter's test: no prefixes keeps every stream (as `readAll` without a filter). */
export const matchesPrefixes = (stream: string, prefixes?: readonly string[]): boolean => !prefixes || prefixes.some((p) => stream.startsWith(p));

/** Whether a commit that wrote `streams` (an `onAppend` notice) wrote any stream the filter keeps. */
export const wroteAny = (streams: readonly string[], prefixes?: readonly string[]): boolean => streams.some((stream) => matchesPrefixes(stream, prefixes));
