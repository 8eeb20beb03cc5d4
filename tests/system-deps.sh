#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium for the
# browser tests, Virtuoso for the remote-store tests and npm (with Node) to install axe-core
# from tests/js/package-lock.json, and wrk for the HTTP benchmark
# (tests/benchmarks/bench_http.py). Runs as root (CI) or with sudo.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installerer / installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The tests start their own virtuoso-t on free loopback ports; the packaged service (which
# would hold ports 1111 and 8890 with the default dba password) is stopped and disabled.
if [[ " ${need[*]} " == *" virtuoso-opensource "* ]]; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
  else
    $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    $SUDO update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true
  fi
fi
