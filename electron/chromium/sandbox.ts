/**
 * Whether the Chromium shell runs Chromium's sandbox. Playwright launches
 * Chromium with --no-sandbox unless told otherwise, and Chromium (like
 * Electron) refuses its sandbox to root: so the sandbox is on whenever the
 * kiosk is not root, and a kiosk that is root says loudly that it is off.
 */
export interface SandboxPlan {
  sandbox: boolean;
  /** Said at start when the sandbox is off. */
  warning?: string;
}

export const KIOSK_USER = 'mypage-kiosk';

export function sandboxPlan(uid: number | undefined): SandboxPlan {
  if (uid !== 0) return { sandbox: true };
  return {
    sandbox: false,
    warning:
      `Chromium's sandbox is OFF: Chromium refuses it to root, so a page would run unconfined. ` +
      `Run the kiosk as an unprivileged user (the kiosk PC set-up runs it as "${KIOSK_USER}"; see docs/operations.md).`,
  };
}

/** Said when Chromium could not start its sandbox for an unprivileged kiosk. */
export const SANDBOX_UNAVAILABLE =
  "Chromium could not start its sandbox. It needs unprivileged user namespaces: check `sysctl kernel.unprivileged_userns_clone` " +
  '(Debian) or an AppArmor rule that allows them for Chromium (Ubuntu 24.04+); the kiosk does not run without it.';
