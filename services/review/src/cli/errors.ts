/** A user's mistake: said on stderr with the usage, exit code 2. */
export class UsageError extends Error {}

/** Nothing to do as asked (no such incident, no store there): said on stderr, exit code 1. */
export class CliError extends Error {}
