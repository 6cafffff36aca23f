import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';

/** Namespace of Linchpin's name-based UUIDs (fixed forever: changing it breaks idempotency). */
export const LINCHPIN_NAMESPACE = '6f1c9a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';

export const newId = (): string => uuidv4();

/**
 * Id of an event written in reaction to another: the same cause and component always give
 * the same id, so a redelivered message appends nothing new.
 */
export const deterministicId = (causeId: string, component: string, index = 0): string =>
  uuidv5(`${causeId}|${component}|${index}`, LINCHPIN_NAMESPACE);

/**
 * The same few names (teams, people of old histories) are hashed again at every event a fold or
 * upcaster reads: a bounded memo keeps a replay from spending its time in SHA-1.
 */
const NAME_MEMO_LIMIT = 4096;
const nameMemo = new Map<string, string>();

/** Name-based id for anything derived from a stable string (a fingerprint, a key). */
export const nameBasedId = (name: string): string => {
  let id = nameMemo.get(name);
  if (id === undefined) {
    if (nameMemo.size >= NAME_MEMO_LIMIT) nameMemo.clear();
    id = uuidv5(name, LINCHPIN_NAMESPACE);
    nameMemo.set(name, id);
  }
  return id;
};
