#!/usr/bin/env bash
# HAProxy for the shared-service test (it runs deploy/haproxy.cfg in front of three mocks).
# Nothing to do when it is installed; otherwise it comes from Debian's packages, as root or
# through password-less sudo. Elsewhere it says what to install and exits non-zero.
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
command -v haproxy >/dev/null && exit 0
if ! command -v apt-get >/dev/null; then
  echo "haproxy is not installed and this machine has no apt-get: install HAProxy 2.6 or later" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then as_root=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo -n); else
  echo "haproxy is not installed: apt-get install haproxy (as root)" >&2
  exit 1
fi
echo "--- installing haproxy (apt-get)" >&2
"${as_root[@]}" apt-get update -qq >/dev/null &&
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null 2>&1 &&
  command -v haproxy >/dev/null
