// `npm run dist`: the .deb's maintainer scripts. electron-builder's own templates (the
// /usr/bin link, the chrome-sandbox mode, AppArmor), taken from the electron-builder in
// node_modules so they stay current, plus the kiosk PC set-up (docs/operations.md):
// after install, the user, the X session and the unit, enabled for the next boot; after
// removal, the unit stopped and gone.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const templates = join(dirname(require.resolve('app-builder-lib/package.json')), 'templates', 'linux');
const out = process.argv[2] ?? 'build/linux/generated';

const afterInstall = `
# The kiosk PC set-up: the unprivileged user mypage-kiosk, the X session and the unit.
'/opt/\${sanitizedProductName}/kiosk-pc/install-kiosk-pc.sh' --app '/usr/bin/\${executable}' --no-packages --no-start || \\
  echo "mypage-kiosk: the kiosk PC set-up did not finish; run it again: sudo '/opt/\${sanitizedProductName}/kiosk-pc/install-kiosk-pc.sh' --app /usr/bin/\${executable}"
`;
const afterRemove = `
# The kiosk PC set-up goes with the app (the user, its data in /var/lib/mypage-kiosk and
# /etc/mypage-kiosk stay: they hold the store and the settings).
if [ "$1" = remove ] || [ "$1" = purge ]; then
  systemctl disable --now mypage-kiosk >/dev/null 2>&1 || true
  rm -f /etc/systemd/system/mypage-kiosk.service
  rm -rf /usr/lib/mypage-kiosk
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
`;

mkdirSync(out, { recursive: true });
for (const [name, extra] of [
  ['after-install.tpl', afterInstall],
  ['after-remove.tpl', afterRemove],
]) {
  writeFileSync(join(out, name), readFileSync(join(templates, name), 'utf8').trimEnd() + '\n' + extra);
}
console.log(`[dist] deb maintainer scripts written to ${out}`);
