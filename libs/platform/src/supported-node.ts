/**
 * The oldest Node.js Linchpin runs on; package.json `engines.node` says the same (a unit spec holds them together).
 * 22.15: OpenTelemetry JS 3 (tracing) declares no older one.
 */
export const MINIMUM_NODE = { major: 22, minor: 15 } as const;

export function isSupportedNode(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor >= MINIMUM_NODE.minor);
}

/*
 * Checked when the platform is first loaded, before the SQLite addon is: better-sqlite3 13 on an
 * older Node crashes the process with a segmentation fault instead of saying what is wrong.
 */
if (!isSupportedNode(process.versions.node)) {
  process.stderr.write(
    `Linchpin needs Node.js >=${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} (24 LTS recommended); this is Node.js ${process.versions.node}.\n`,
  );
  process.exit(1);
}
