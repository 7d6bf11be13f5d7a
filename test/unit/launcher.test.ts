import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryPath, pickShell } from '../../electron/launcher/pick-shell';
import { makeTempDir } from '../support/temp-dir';

describe('shell choice', () => {
  const present = () => true;
  const absent = () => false;

  it('picks Electron when its binary is present, else Chromium, and says why', () => {
    expect(pickShell({}, '/e/electron', present)).toMatchObject({ shell: 'electron', electronPath: '/e/electron' });
    const fallback = pickShell({}, '/e/electron', absent);
    expect(fallback.shell).toBe('chromium');
    expect(fallback.reason).toContain('no Electron binary at /e/electron');
  });

  it('lets KIOSK_SHELL force a shell, and refuses Electron without a binary or an unknown shell', () => {
    expect(pickShell({ KIOSK_SHELL: 'chromium' }, '/e/electron', present).shell).toBe('chromium');
    expect(pickShell({ KIOSK_SHELL: 'electron' }, '/e/electron', present).shell).toBe('electron');
    expect(() => pickShell({ KIOSK_SHELL: 'electron' }, '/e/electron', absent)).toThrow(/no Electron binary/);
    expect(() => pickShell({ KIOSK_SHELL: 'firefox' }, '/e/electron', present)).toThrow(/electron" or "chromium/);
  });

  it('finds the binary the way the electron package does, honouring ELECTRON_OVERRIDE_DIST_PATH', () => {
    const temp = makeTempDir();
    try {
      expect(electronBinaryPath({}, temp.dir, 'linux')).toBe(join(temp.dir, 'dist', 'electron'));
      writeFileSync(join(temp.dir, 'path.txt'), 'electron-custom');
      expect(electronBinaryPath({}, temp.dir, 'linux')).toBe(join(temp.dir, 'dist', 'electron-custom'));
      mkdirSync(join(temp.dir, 'override'));
      expect(electronBinaryPath({ ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, temp.dir)).toBe('/opt/electron/electron-custom');
    } finally {
      temp.cleanup();
    }
  });
});
