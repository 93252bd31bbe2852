#!/usr/bin/env bash
# Everything a fresh Debian machine needs to build, run and test Fleetkit (`npm run setup`):
#   1. Debian packages (as root, only the missing ones): libkrb5-dev pkg-config ripgrep chromium,
#      plus build-essential and python3 for code-server's native modules and a font for Chromium
#   2. npm ci (the repo's own dependencies; its `prepare` script builds dist/)
#   3. the VS Code test host: code-server, cached in ~/.cache/fleetkit (or $FLEETKIT_CACHE)
# Safe to run again: each step does nothing when its result is already there.
# SKIP_NPM_CI=1 skips step 2 (for a tree whose node_modules you manage yourself).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

# ── 1. Debian packages ─────────────────────────────────────────────────────────────────────────────
need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_cmd rg || need+=(ripgrep)
have_cmd pkg-config || need+=(pkg-config)
if ! have_cmd pkg-config || ! pkg-config --exists krb5-gssapi 2>/dev/null; then need+=(libkrb5-dev); fi
[ -x "${FLEETKIT_CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
# Chromium pulls in no font; without one the workbench (and every screenshot) renders no text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
{ have_cmd make && have_cmd g++; } || need+=(build-essential)
have_cmd python3 || need+=(python3)
have_cmd git || need+=(git)
# Real message brokers for the bridge's dispatcher tests (started by the tests on free loopback ports).
have_cmd mosquitto || need+=(mosquitto)
have_cmd redis-server || need+=(redis-server)

if [ "${#need[@]}" -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    if have_cmd sudo; then SUDO=(sudo); else log "not root and no sudo: install them yourself: apt-get install -y ${need[*]}"; exit 1; fi
  else
    SUDO=()
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  log "Debian packages: all present"
fi

# ── 2. npm dependencies ────────────────────────────────────────────────────────────────────────────
if [ "${SKIP_NPM_CI:-}" = "1" ]; then
  log "npm ci: skipped (SKIP_NPM_CI=1)"
else
  log "npm ci"
  npm ci --no-audit --no-fund
fi

# ── 3. VS Code test host ───────────────────────────────────────────────────────────────────────────
node scripts/test-host/install.mjs

log "done. Start Fleetkit with: npm start    Run the tests with: npm test"
