#!/usr/bin/env bash
# Installs what the kiosk needs on a fresh Debian machine (system packages as
# root, npm packages), then builds. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# systemd: its systemd-analyze checks the kiosk PC's unit (build/linux) even where systemd does not run.
# postfix: the tests start a private instance of it as a shop's relay (STARTTLS, a test CA).
# slapd, ldap-utils: the tests start a private OpenLDAP server as the provider's directory (TLS, a test CA).
# espeak-ng speaks 「音声案内」 (paplay/aplay play it); pulseaudio and its utils give the speech tests a null sink to record.
# cups-ipp-utils: ipptool asks a network printer for its paper before a job (the kiosk), ippeveprinter plays one (the tests,
# on a private D-Bus: dbus-daemon). prometheus: its promtool checks the metrics and the alert rules of docs/operations.md.
APT_PACKAGES=(chromium xvfb xauth xdotool xbindkeys fonts-noto-cjk cups cups-client cups-ipp-utils printer-driver-cups-pdf poppler-utils postgresql systemd openssl faketime postfix slapd ldap-utils espeak-ng pulseaudio pulseaudio-utils alsa-utils dbus-daemon prometheus)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "[setup] installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # Postfix asks what kind of mail server it is: none for the machine itself (the tests run their own instance).
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  # slapd likewise: no directory of the machine's own (the tests configure theirs).
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Printing goes through CUPS. Start the scheduler if it is not running, and when
# the machine has no printer at all, add the cups-pdf virtual printer as the
# default, so 「印刷」 works out of the box (slips land as PDFs in
# /var/spool/cups-pdf/<user>).
if [ "$(id -u)" -eq 0 ]; then
  sed -i 's|^Out .*|Out /var/spool/cups-pdf/${USER}|' /etc/cups/cups-pdf.conf
  # lpstat exits 0 either way: only its words tell whether cupsd answers.
  scheduler_running() { lpstat -r 2>/dev/null | grep -q "^scheduler is running"; }
  # A slip holds a new password: CUPS must not keep a job's document once it has
  # printed (its default keeps it for a day). The job history stays; the kiosk's
  # job titles hold no customer data.
  cupsd_changed=0
  set_cupsd() {
    if grep -q "^$1 $2\$" /etc/cups/cupsd.conf; then return; fi
    if grep -q "^$1 " /etc/cups/cupsd.conf; then sed -i "s|^$1 .*|$1 $2|" /etc/cups/cupsd.conf; else echo "$1 $2" >>/etc/cups/cupsd.conf; fi
    cupsd_changed=1
  }
  set_cupsd PreserveJobFiles No
  set_cupsd PreserveJobHistory Yes
  if ((cupsd_changed)) && scheduler_running; then
    echo "[setup] CUPS keeps no printed documents now: restarting the scheduler"
    kill "$(pidof cupsd)" 2>/dev/null || true
    for _ in $(seq 1 100); do scheduler_running || break; sleep 0.1; done
  fi
  if ! scheduler_running; then
    echo "[setup] starting the CUPS scheduler"
    cupsd
    for _ in $(seq 1 100); do scheduler_running && break; sleep 0.1; done
    scheduler_running || { echo "[setup] the CUPS scheduler did not start" >&2; exit 1; }
  fi
  if ! lpstat -d 2>/dev/null | grep -q "^system default destination"; then
    echo "[setup] adding the cups-pdf printer KioskPDF as the default printer"
    lpadmin -p KioskPDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
    lpadmin -d KioskPDF
  fi
  # pdftocairo keeps the slip's text searchable in cups-pdf's output (the default
  # renderer turns it into unreadable glyphs), so tests and staff can read the PDF.
  if lpstat -p KioskPDF >/dev/null 2>&1; then
    lpadmin -p KioskPDF -o pdftops-renderer-default=pdftocairo
  fi
else
  echo "[setup] not root: leaving CUPS as it is (the kiosk prints to the system default printer)"
fi

# PostgreSQL, the shared store's engine: the tests run every unit test on it
# too. Start the cluster if it is down (no systemd here) and give the tests a
# role that may create (and drop) their own databases. Loopback only.
if [ "$(id -u)" -eq 0 ]; then
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    echo "[setup] creating a PostgreSQL cluster"
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster="$version main"
  fi
  # shellcheck disable=SC2086
  if ! pg_lsclusters --no-header | awk '{print $4}' | grep -q online; then
    echo "[setup] starting PostgreSQL ($cluster)"
    pg_ctlcluster $cluster start
  fi
  # As the postgres user, from a folder it may enter (the checkout may be private).
  as_postgres() { (cd / && su postgres -c "$1"); }
  for _ in $(seq 1 100); do as_postgres "psql -XtAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 0.1; done
  if [ "$(as_postgres "psql -XtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_test'\"")" != "1" ]; then
    echo "[setup] adding the PostgreSQL role kiosk_test (creates the tests' databases)"
    as_postgres "psql -Xqc \"CREATE ROLE kiosk_test LOGIN CREATEDB CREATEROLE PASSWORD 'kiosk_test'\""
  fi
  # The audit trail's GRANTs are tested with a kiosk role of the test's own (audit-grants.test.ts).
  as_postgres "psql -Xqc \"ALTER ROLE kiosk_test CREATEROLE\""
else
  echo "[setup] not root: PostgreSQL is left as it is (the tests expect TEST_POSTGRES_URL or kiosk_test@127.0.0.1)"
fi

# Chromium's managed policy: what no page script can turn off (autofill, password
# manager, spell-check service, translation, file choosers, downloads), for the
# Chromium shell. Chromium reads it from this folder only, so it needs root.
if [ "$(id -u)" -eq 0 ]; then
  if ! cmp -s build/chromium-policy.json /etc/chromium/policies/managed/mypage-kiosk.json; then
    echo "[setup] installing the kiosk's Chromium policy in /etc/chromium/policies/managed"
    install -D -m 0644 build/chromium-policy.json /etc/chromium/policies/managed/mypage-kiosk.json
  fi
else
  echo "[setup] not root: the kiosk's Chromium policy (build/chromium-policy.json) is not installed"
fi

# Electron's binary comes from GitHub, which build machines cannot reach: the npm
# package alone (typings, builder) is enough here; see docs/architecture.md "Running with a real Electron binary".
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages (better-sqlite3 builds from source: about 2 minutes)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "[setup] building main, preload and renderer"
npm run --silent build >/dev/null
