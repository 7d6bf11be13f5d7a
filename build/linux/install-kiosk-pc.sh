#!/bin/sh
# Installs the kiosk on this PC as a service that starts at boot (docs/operations.md):
#
#   sudo build/linux/install-kiosk-pc.sh                  # a built checkout in /opt/mypage-kiosk
#   sudo build/linux/install-kiosk-pc.sh --app /usr/bin/mypage-kiosk   # the packaged app (the .deb does this)
#
# It makes the unprivileged user mypage-kiosk (the kiosk never runs as root), installs the
# X session, the unit and /etc/mypage-kiosk/kiosk.env (kept when it exists), enables the unit
# and starts it. --no-packages skips apt-get; --no-start only enables.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# A checkout has build/linux and docs; the package has kiosk-pc and docs side by side.
checkout=$(cd "$here/../.." && pwd)
docs="$checkout/docs"
[ -d "$docs" ] || docs=$(cd "$here/.." && pwd)/docs
user=mypage-kiosk
lib=/usr/lib/mypage-kiosk
app=""
packages=1
start=1

while [ $# -gt 0 ]; do
  case "$1" in
    --app) app=$2; shift 2 ;;
    --no-packages) packages=0; shift ;;
    --no-start) start=0; shift ;;
    *) echo "usage: install-kiosk-pc.sh [--app COMMAND] [--no-packages] [--no-start]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "[install] run it as root (sudo): it installs a system service and makes the user $user" >&2
  exit 1
fi
[ -n "$app" ] || app="/usr/bin/node $checkout/out/main/start.js"

if [ "$packages" = 1 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[install] installing the X server, xinit (the kiosk's whole session) and xbindkeys (the Chromium shell's key guard)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    xserver-xorg-core xserver-xorg-input-libinput xinit x11-xserver-utils xbindkeys >/dev/null
fi

if ! id -u "$user" >/dev/null 2>&1; then
  echo "[install] making the unprivileged user $user"
  useradd --system --user-group --home-dir /var/lib/mypage-kiosk --no-create-home --shell /usr/sbin/nologin "$user"
fi

echo "[install] installing the session scripts in $lib and the unit"
install -d -m 0755 "$lib"
for script in kiosk-session kiosk-x-client kiosk-restart-backoff; do
  install -m 0755 "$here/$script" "$lib/$script"
done
install -D -m 0644 "$here/mypage-kiosk.service" /etc/systemd/system/mypage-kiosk.service
if [ -d "$docs" ]; then
  install -d -m 0755 /usr/share/doc/mypage-kiosk
  install -m 0644 "$docs"/*.md /usr/share/doc/mypage-kiosk/
fi

# Settings may hold the relay's or the database's password: root and the kiosk's group only.
install -d -m 0750 -g "$user" /etc/mypage-kiosk
if [ ! -e /etc/mypage-kiosk/kiosk.env ]; then
  cat > /etc/mypage-kiosk/kiosk.env <<ENV
# The kiosk's settings (README "Configuration"). Restart after a change:
#   systemctl restart mypage-kiosk
KIOSK_APP=$app
# KIOSK_SMTP_URL=smtp://user:password@relay.example.com:587
# KIOSK_MAIL_FROM=mypage@itscom.jp
# KIOSK_PRINTER=
# KIOSK_PAPER_SIZE=a4
# KIOSK_SHOP_NAME=
# KIOSK_STAFF_PIN=
# KIOSK_DATABASE_URL=postgres://kiosk:password@db.shop.example:5432/mypage_kiosk?sslmode=require
# KIOSK_NAME=
# KIOSK_SHOP=
ENV
  chown "root:$user" /etc/mypage-kiosk/kiosk.env
  chmod 0640 /etc/mypage-kiosk/kiosk.env
  echo "[install] wrote /etc/mypage-kiosk/kiosk.env: set the relay, printer and shop there"
else
  echo "[install] kept /etc/mypage-kiosk/kiosk.env"
fi

# The app must be readable by the kiosk's user: a checkout under /root is not.
entry=$(echo "$app" | awk '{ print $NF }')
if ! runuser -u "$user" -- test -r "$entry"; then
  echo "[install] WARNING: $user cannot read $entry: put the checkout where it can (e.g. /opt/mypage-kiosk) or pass --app" >&2
fi

if [ ! -d /run/systemd/system ]; then
  echo "[install] systemd is not running here: the unit is installed; enable it on the kiosk PC with"
  echo "          systemctl enable --now mypage-kiosk"
  exit 0
fi
systemctl daemon-reload
systemctl set-default graphical.target >/dev/null
systemctl enable mypage-kiosk
if [ "$start" = 1 ]; then
  systemctl restart mypage-kiosk
  echo "[install] started: journalctl -u mypage-kiosk -f shows what it says"
else
  echo "[install] enabled: it starts at the next boot (or: systemctl start mypage-kiosk)"
fi
