#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (and need CJK fonts for the Japanese screenshots);
# installs both on a fresh machine, does nothing when Chromium is already there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk
