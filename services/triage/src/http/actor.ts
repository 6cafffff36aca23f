/** Who made a request: the body's `by` when the endpoint takes one, else the X-Actor header, else `api`. */
export const actorOf = (header: string | undefined, body?: string): string => body?.trim() || header?.trim() || 'api';
