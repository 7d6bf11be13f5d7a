import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_USER, sandboxPlan } from '../../electron/chromium/sandbox';
import { ELECTRON_MAIN_ENTRY, kioskLaunchPlan } from '../support/electron-launch';

/**
 * The kiosk PC set-up (build/linux) as far as it can be tried without a
 * running systemd: the unit as systemd itself reads it, the restart back-off
 * it runs, the .deb's scripts, the sandbox decision, the Electron fixture's
 * choice and the two packages' fuses. A machine with a running systemd can try
 * the real thing with build/linux/install-kiosk-pc.sh (docs/operations.md).
 */
const LINUX = 'build/linux';
const SCRIPTS = ['kiosk-session', 'kiosk-x-client', 'kiosk-restart-backoff'];

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'kiosk-pc-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

/** The unit's [Section] Key=value pairs (a key may repeat). */
function unitEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line.trim());
    if (header) section = header[1]!;
    const pair = /^(\w+)=(.*)$/.exec(line);
    if (pair) entries.set(`${section}.${pair[1]}`, [...(entries.get(`${section}.${pair[1]}`) ?? []), pair[2]!]);
  }
  return entries;
}

describe('the systemd unit', () => {
  const unit = readFileSync(join(LINUX, 'mypage-kiosk.service'), 'utf8');
  const entries = unitEntries(unit);

  it('passes systemd-analyze verify as installed (systemd\'s own units beside it, the scripts in place)', () => {
    const analyze = spawnSync('systemd-analyze', ['--version']);
    expect(analyze.error, 'systemd-analyze (Debian package "systemd", installed by the set-up)').toBeUndefined();
    // A root of its own: systemd's units, ours in /etc, the session scripts where the unit runs them.
    cpSync('/usr/lib/systemd/system', join(temp, 'usr/lib/systemd/system'), { recursive: true });
    symlinkSync('usr/lib', join(temp, 'lib'));
    mkdirSync(join(temp, 'etc/systemd/system'), { recursive: true });
    copyFileSync(join(LINUX, 'mypage-kiosk.service'), join(temp, 'etc/systemd/system/mypage-kiosk.service'));
    mkdirSync(join(temp, 'usr/lib/mypage-kiosk'), { recursive: true });
    for (const script of SCRIPTS) {
      copyFileSync(join(LINUX, script), join(temp, 'usr/lib/mypage-kiosk', script));
      chmodSync(join(temp, 'usr/lib/mypage-kiosk', script), 0o755);
    }
    const verify = spawnSync('systemd-analyze', ['verify', `--root=${temp}`, '--recursive-errors=no', '/etc/systemd/system/mypage-kiosk.service'], {
      encoding: 'utf8',
    });
    expect(`${verify.stdout}${verify.stderr}`).toBe('');
    expect(verify.status).toBe(0);
  });

  it('runs the kiosk as the unprivileged user, never root, in its own owner-only state dir', () => {
    expect(entries.get('Service.User')).toEqual([KIOSK_USER]);
    expect(entries.get('Service.Group')).toEqual([KIOSK_USER]);
    expect(entries.get('Service.StateDirectoryMode')).toEqual(['0700']);
    expect(entries.get('Service.Environment')).toContain('KIOSK_DATA_DIR=/var/lib/mypage-kiosk/data');
    expect(entries.get('Service.ExecStart')).toEqual(['/usr/lib/mypage-kiosk/kiosk-session']);
  });

  it('starts at boot in a session of its own, restarts after a failure or a kill, never gives up, and logs to the journal', () => {
    expect(entries.get('Install.WantedBy')).toEqual(['graphical.target']);
    expect(entries.get('Service.PAMName')).toEqual(['login']);
    expect(entries.get('Service.TTYPath')).toEqual(['/dev/tty7']);
    expect(entries.get('Service.Restart')).toEqual(['on-failure']);
    expect(entries.get('Unit.StartLimitIntervalSec')).toEqual(['0']);
    expect(entries.get('Service.StandardOutput')).toEqual(['journal']);
    expect(entries.get('Service.StandardError')).toEqual(['journal']);
    expect(entries.get('Service.ExecStartPre')).toEqual(['/usr/lib/mypage-kiosk/kiosk-restart-backoff wait']);
    expect(entries.get('Service.ExecStopPost')).toEqual(['/usr/lib/mypage-kiosk/kiosk-restart-backoff record']);
  });
});

describe('the restart back-off', () => {
  /** One systemd cycle: ExecStopPost with the result, then ExecStartPre; returns the wait in seconds. */
  const backoff = (command: 'wait' | 'record', now: number, result?: string) =>
    execFileSync('sh', [join(LINUX, 'kiosk-restart-backoff'), command], {
      encoding: 'utf8',
      env: { ...process.env, KIOSK_BACKOFF_DIR: temp, KIOSK_BACKOFF_NOW: String(now), KIOSK_BACKOFF_DRY_RUN: '1', ...(result ? { SERVICE_RESULT: result } : {}) },
    }).trim();

  it('waits nothing at first, then 2, 4, 8 … up to 60 s for failures in a row, and nothing after a clean stop', () => {
    let now = 1_000;
    expect(backoff('wait', now)).toBe('0');
    const waits: string[] = [];
    for (let failure = 0; failure < 8; failure += 1) {
      now += 5;
      backoff('record', now, failure % 2 === 0 ? 'exit-code' : 'signal');
      waits.push(backoff('wait', now));
    }
    expect(waits).toEqual(['2', '4', '8', '16', '32', '60', '60', '60']);
    backoff('record', now + 5, 'success');
    expect(backoff('wait', now + 5)).toBe('0');
  });

  it('counts again from the start after a run that lasted ten minutes', () => {
    backoff('wait', 0);
    for (let i = 1; i <= 4; i += 1) {
      backoff('record', i, 'exit-code');
      backoff('wait', i);
    }
    // This run began at 4 and failed at 700: healthy long enough, so it is the first failure.
    backoff('record', 700, 'signal');
    expect(backoff('wait', 700)).toBe('2');
  });
});

describe('the .deb', () => {
  it('keeps electron-builder\'s own maintainer scripts and adds the kiosk PC set-up', () => {
    execFileSync(process.execPath, ['scripts/deb-scripts.mjs', temp], { stdio: 'ignore' });
    const require = createRequire(import.meta.url);
    const templates = join(require.resolve('app-builder-lib/package.json'), '..', 'templates', 'linux');
    const install = readFileSync(join(temp, 'after-install.tpl'), 'utf8');
    expect(install.startsWith(readFileSync(join(templates, 'after-install.tpl'), 'utf8').trimEnd())).toBe(true);
    expect(install).toContain("'/opt/${sanitizedProductName}/kiosk-pc/install-kiosk-pc.sh' --app '/usr/bin/${executable}' --no-packages --no-start");
    const remove = readFileSync(join(temp, 'after-remove.tpl'), 'utf8');
    expect(remove.startsWith(readFileSync(join(templates, 'after-remove.tpl'), 'utf8').trimEnd())).toBe(true);
    expect(remove).toContain('systemctl disable --now mypage-kiosk');
  });

  it('ships the set-up: the installer, the session scripts and the unit', async () => {
    const config = await electronBuilderConfig('build/electron-builder.yml');
    expect(config.linux?.extraFiles).toContainEqual({ from: 'build/linux', to: 'kiosk-pc', filter: ['install-kiosk-pc.sh', 'kiosk-*', 'mypage-kiosk.service'] });
    expect(config.deb?.afterInstall).toBe('build/linux/generated/after-install.tpl');
  });
});

/** The configuration electron-builder itself resolves and validates (extends, deep merge, schema). */
async function electronBuilderConfig(file: string) {
  const require = createRequire(import.meta.url);
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as typeof import('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util') as typeof import('builder-util');
  const config = await getConfig(process.cwd(), file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('the two packages\' fuses', () => {
  it('npm run dist ships with nodeCliInspect off; npm run dist:test turns only that one on, for Playwright', async () => {
    const product = await electronBuilderConfig('build/electron-builder.yml');
    const forTests = await electronBuilderConfig('build/electron-builder.test.yml');
    expect(product.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
    expect(forTests.electronFuses).toEqual({ ...product.electronFuses, enableNodeCliInspectArguments: true });
    expect(forTests.directories?.output).toBe('dist-test');
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.dist).toContain('--config build/electron-builder.yml');
    expect(scripts['dist:test']).toContain('--config build/electron-builder.test.yml');
  });
});

describe('Chromium\'s sandbox', () => {
  it('is on for every user but root, and root is told it is off and what to do', () => {
    expect(sandboxPlan(1000)).toEqual({ sandbox: true });
    expect(sandboxPlan(undefined)).toEqual({ sandbox: true });
    const root = sandboxPlan(0);
    expect(root.sandbox).toBe(false);
    expect(root.warning).toMatch(/sandbox is OFF.*unprivileged user.*mypage-kiosk/);
  });

  it('./kiosk start as root warns and names the user; as anyone else it says nothing', () => {
    // Read here and given on stdin: the checkout may be out of another user's reach (a private clone).
    const script = readFileSync('scripts/warn-if-root.sh');
    const asRoot = spawnSync('sh', ['-s'], { input: script, encoding: 'utf8' });
    const asOther = process.getuid?.() === 0
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-s'], { input: script, encoding: 'utf8', cwd: '/' })
      : asRoot;
    if (process.getuid?.() === 0) expect(asRoot.stderr).toMatch(/WARNING: running as root[\s\S]*mypage-kiosk/);
    expect(asOther.stderr).toBe('');
  });
});

describe('the E2E fixture\'s shell launch', () => {
  it('drives the Chromium shell over CDP, and the Electron shell with Playwright\'s _electron.launch where a binary exists', () => {
    expect(kioskLaunchPlan('chromium', { available: false, path: '/none' })).toEqual({ kind: 'node-cdp' });
    expect(kioskLaunchPlan('electron', { available: true, path: '/opt/electron/electron' })).toEqual({
      kind: 'playwright-electron',
      executablePath: '/opt/electron/electron',
      args: [ELECTRON_MAIN_ENTRY],
    });
    expect(JSON.parse(readFileSync('package.json', 'utf8')).main).toBe(ELECTRON_MAIN_ENTRY);
    const missing = kioskLaunchPlan('electron', { available: false, path: '/nowhere/electron' });
    expect(missing).toEqual({ kind: 'not-run', reason: expect.stringContaining('no Electron binary at /nowhere/electron') });
  });
});
