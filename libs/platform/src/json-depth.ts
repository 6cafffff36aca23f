/**
 * How deeply a request's JSON may nest (objects and arrays). Validation, the Idempotency-Key
 * fingerprint and detection's raw-payload bound walk bodies recursively; 2,000 levels overflowed
 * their stacks (a 500). No sender Linchpin speaks nests beyond a dozen levels; 64 leaves room for
 * free-form `details` and refuses what only an attack or a bug would send.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of a JSON text, counted without parsing and without recursion (a scan that
 * skips strings), stopping as soon as it passes `limit`: checked before any recursive code runs.
 * Malformed text is the parser's to refuse; this only bounds the depth.
 */
export function jsonDepthExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

export const jsonTooDeepMessage = (limit: number = MAX_JSON_DEPTH): string =>
  `The body is JSON nested deeper than ${limit} levels (objects and arrays), the limit`;
