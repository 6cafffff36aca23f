#!/usr/bin/env bash
# The real Prometheus Alertmanager the detection tests send alerts through (issue 4, item 8).
# Tests start their own instance on a free 127.0.0.1 port (libs/testing startAlertmanager);
# this script only finds or installs the binary.
#
#   scripts/alertmanager.sh check     print ALERTMANAGER_BIN=<path> and the version; exit 1 when absent
#   scripts/alertmanager.sh install   install it when absent (root on Debian/Ubuntu), then check
#
# Env: ALERTMANAGER_BIN, a binary to use instead of the one on the PATH.
set -euo pipefail

PACKAGE=prometheus-alertmanager
HINT="install the Prometheus Alertmanager: 'apt-get install $PACKAGE' (Debian/Ubuntu, as root), or set ALERTMANAGER_BIN to an alertmanager binary"

log() { echo "alertmanager.sh: $*" >&2; }

# Debian names the binary prometheus-alertmanager; upstream release tarballs name it alertmanager.
binary() {
  if [[ -n "${ALERTMANAGER_BIN:-}" ]]; then
    [[ -x "$ALERTMANAGER_BIN" ]] && { echo "$ALERTMANAGER_BIN"; return; }
    log "ALERTMANAGER_BIN=$ALERTMANAGER_BIN is not an executable file"
    return 1
  fi
  command -v prometheus-alertmanager || command -v alertmanager
}

check() {
  local bin
  if ! bin="$(binary)"; then
    log "not found: $HINT"
    exit 1
  fi
  log "$("$bin" --version 2>&1 | head -n 1)"
  echo "ALERTMANAGER_BIN=$bin"
}

install() {
  if binary >/dev/null; then check; return; fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    log "not found and cannot install it here (needs root and apt-get): $HINT"
    exit 1
  fi
  # The package starts its own service on :9093 (and gossip on :9094) where an init system runs;
  # 9093 is the Kafka controller's port in scripts/kafka.sh, and tests start their own instance.
  local deny_start=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    deny_start=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  log "installing $PACKAGE"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$PACKAGE" >&2
  if [[ "$deny_start" = 1 ]]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  check
}

case "${1:-}" in
  check) check ;;
  install) install ;;
  *) echo "usage: $0 check|install" >&2; exit 2 ;;
esac
