import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig } from '../../electron/core/config';
import { makeTempDir } from '../support/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('configuration', () => {
  it('runs on embedded defaults (demo data, demo mailbox) when nothing is configured', () => {
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir })).toEqual({
      dataDir: temp.dir,
      shell: undefined,
      smtpUrl: undefined,
      mailFrom: 'mypage@itscom.jp',
      demo: true,
      printer: undefined,
      paperSize: 'a4',
      shopName: 'iTSCOM カウンター',
      idleSeconds: 120,
      idleWarningSeconds: 30,
      staffPin: undefined,
      codeTtlSeconds: 1800,
      remoteDebuggingPort: undefined,
    });
  });

  it('lets env override the config file, and a relay turn demo mode off unless asked', () => {
    writeFileSync(join(temp.dir, 'config.json'), JSON.stringify({ idleSeconds: 300, smtpUrl: 'smtp://relay:25' }));
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir })).toMatchObject({ idleSeconds: 300, demo: false });
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_IDLE_SECONDS: '60', KIOSK_DEMO: '1' })).toMatchObject({
      idleSeconds: 60,
      demo: true,
    });
  });

  it('names every bad variable', () => {
    const bad = { KIOSK_DATA_DIR: temp.dir, KIOSK_IDLE_SECONDS: 'soon', KIOSK_SMTP_URL: 'http://x', KIOSK_REMOTE_DEBUGGING_PORT: '80' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const message = (error as Error).message;
      for (const key of ['KIOSK_IDLE_SECONDS', 'KIOSK_SMTP_URL', 'KIOSK_REMOTE_DEBUGGING_PORT']) expect(message).toContain(key);
    }
  });

  it('refuses a config file with unknown keys or bad JSON', () => {
    writeFileSync(join(temp.dir, 'config.json'), JSON.stringify({ idleSecs: 5 }));
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir })).toThrow(/idleSecs|Unrecognized/);
    writeFileSync(join(temp.dir, 'config.json'), '{');
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir })).toThrow(/not valid JSON/);
  });

  it('defaults the data dir to the OS user-data folder', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/k/.config' })).toBe('/home/k/.config/mypage-kiosk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\k\\AppData\\Roaming' })).toContain('mypage-kiosk');
  });
});
