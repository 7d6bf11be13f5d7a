import { execFileSync } from 'node:child_process';
import { electronAvailability } from '../support/electron-binary';

/**
 * The print specs need a running CUPS scheduler with a default printer. Say so
 * at once rather than letting them time out at 「印刷中…」. (lpstat exits 0 even
 * when the scheduler is down: only its words tell.)
 */
function assertCupsReady(): void {
  const status = execFileSync('lpstat', ['-r', '-d'], { encoding: 'utf8' });
  if (!/^scheduler is running/m.test(status) || !/^system default destination/m.test(status)) {
    throw new Error(`[e2e] CUPS is not ready (run scripts/setup.sh as root): ${status.trim()}`);
  }
  console.log(`[e2e] CUPS: ${status.trim().replace(/\n/g, '; ')}.`);
}

/** Says which shells the E2E specs run in, and why one did not. */
export default function globalSetup(): void {
  assertCupsReady();
  const electron = electronAvailability();
  console.log('[e2e] Chromium shell: running every spec (Debian chromium under Xvfb).');
  console.log(
    electron.available
      ? `[e2e] Electron shell: running every spec with ${electron.path}.`
      : `[e2e] Electron shell: NOT RUN — no Electron binary at ${electron.path}. ` +
          'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run the same specs there.',
  );
}
