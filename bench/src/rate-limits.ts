/**
 * The bench sends from one address (and, with access control, one token) far more than a person or a
 * sender would: 10,000 alerts a second is the ingestion target. It sets the processes' rate limits
 * (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_PER_KEY_PER_MINUTE; README "Settings") above what it can send,
 * so every request it makes is measured, not refused; the limits stay in force, as in production.
 */
export const BENCH_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: '60000000',
  RATE_LIMIT_PER_KEY_PER_MINUTE: '60000000',
};
