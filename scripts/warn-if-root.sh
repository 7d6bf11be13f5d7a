#!/bin/sh
# `./kiosk start` as root: fine on a throwaway developer machine, never on a kiosk PC.
# Chromium (and Electron) refuse their sandbox to root, so the kiosk's pages would run
# unconfined; the kiosk PC set-up runs it as the unprivileged user mypage-kiosk.
if [ "$(id -u)" -eq 0 ]; then
  echo "[kiosk] WARNING: running as root. Chromium's sandbox is off for root, so the kiosk's pages run unconfined." >&2
  echo "[kiosk]          On a kiosk PC run it as the unprivileged user mypage-kiosk: sudo build/linux/install-kiosk-pc.sh (docs/operations.md)." >&2
  echo "[kiosk]          On a developer machine, run ./kiosk start as your own user: the set-up asks sudo for what needs root." >&2
fi
