#!/usr/bin/env bash
# The team tests put a real PgBouncer (Debian's package, 1.18) in front of PostgreSQL; installs it on a
# fresh machine, does nothing when it is already there. Only the binary is used: the tests start their
# own pgbouncer with their own config file, so the package's service is stopped and left disabled.
set -euo pipefail
[ -x /usr/sbin/pgbouncer ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends pgbouncer
# The package starts a service on 6432 where systemd runs; the tests never use it.
if command -v systemctl >/dev/null && systemctl is-active --quiet pgbouncer 2>/dev/null; then
  $SUDO systemctl disable --now pgbouncer || true
fi
