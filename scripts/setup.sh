#!/usr/bin/env bash
# Installs what the kiosk needs on a fresh Debian machine (system packages as
# root, npm packages), then builds. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium xvfb xauth fonts-noto-cjk)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "[setup] installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Electron's binary comes from GitHub, which build machines cannot reach: the npm
# package alone (typings, builder) is enough here; see README "Electron".
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages (better-sqlite3 builds from source: about 2 minutes)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "[setup] building main, preload and renderer"
npm run --silent build >/dev/null
