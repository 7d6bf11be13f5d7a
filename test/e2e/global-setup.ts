import { electronAvailability } from '../support/electron-binary';

/** Says which shells the E2E specs run in, and why one did not. */
export default function globalSetup(): void {
  const electron = electronAvailability();
  console.log('[e2e] Chromium shell: running every spec (Debian chromium under Xvfb).');
  console.log(
    electron.available
      ? `[e2e] Electron shell: running every spec with ${electron.path}.`
      : `[e2e] Electron shell: NOT RUN — no Electron binary at ${electron.path}. ` +
          'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run the same specs there.',
  );
}
