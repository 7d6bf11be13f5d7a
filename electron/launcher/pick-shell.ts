import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellChoice {
  shell: 'electron' | 'chromium';
  reason: string;
  /** The Electron executable, when the Electron shell was chosen. */
  electronPath?: string;
}

const DEFAULT_EXECUTABLE: Record<string, string> = {
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/**
 * Where the electron package's binary is, by the package's own rules
 * (path.txt, ELECTRON_OVERRIDE_DIST_PATH) — without `require('electron')`,
 * which would try to download one from GitHub.
 */
export function electronBinaryPath(env: NodeJS.ProcessEnv, electronPackageDir: string, platform = process.platform): string {
  const pathFile = join(electronPackageDir, 'path.txt');
  const executable = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[platform] ?? 'electron');
  return env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable)
    : join(electronPackageDir, 'dist', executable);
}

/** Electron when its binary is present, else Chromium; KIOSK_SHELL forces one. */
export function pickShell(env: NodeJS.ProcessEnv, electronPath: string, exists = existsSync): ShellChoice {
  const present = exists(electronPath);
  const missing = `no Electron binary at ${electronPath} (it comes from GitHub, which this machine may not reach; set ELECTRON_OVERRIDE_DIST_PATH)`;
  switch (env.KIOSK_SHELL) {
    case 'chromium':
      return { shell: 'chromium', reason: 'KIOSK_SHELL=chromium' };
    case 'electron':
      if (!present) throw new Error(`KIOSK_SHELL=electron but ${missing}`);
      return { shell: 'electron', reason: 'KIOSK_SHELL=electron', electronPath };
    case undefined:
    case '':
      return present
        ? { shell: 'electron', reason: `Electron binary found at ${electronPath}`, electronPath }
        : { shell: 'chromium', reason: `${missing}; using Debian's Chromium instead` };
    default:
      throw new Error(`KIOSK_SHELL must be "electron" or "chromium", not "${env.KIOSK_SHELL}"`);
  }
}
