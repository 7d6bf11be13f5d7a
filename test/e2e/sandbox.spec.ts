import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { launchKiosk, stopAllKiosks } from '../support/kiosk-app';
import { startXDisplay } from '../support/x-display';

// The kiosk as it runs on a kiosk PC: an unprivileged user, Chromium's sandbox on. As root
// (CI, `./kiosk test`) the spec makes a user of its own; otherwise the current user is one.

const E2E_USER = 'mypage-kiosk-e2e';

test.afterEach(stopAllKiosks);

/** The user the kiosk runs as here, made when the tests run as root, and able to reach the checkout. */
function unprivilegedUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync('id', ['-u', E2E_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', E2E_USER]);
  }
  const uid = Number(execFileSync('id', ['-u', E2E_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', E2E_USER], { encoding: 'utf8' }).trim());
  // A clone in a private folder (mktemp -d, /root) is out of the user's reach: let it through, not look in.
  for (let dir = process.cwd(); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      console.log(`[e2e] sandbox spec: ${dir} made traversable (o+x) for ${E2E_USER}`);
    }
  }
  return { uid, gid, name: E2E_USER };
}

/** Pids of the processes of `uid` whose command line contains `needle`. */
function processesOf(uid: number, needle: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const owner = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
        // Zygote-forked processes retitle themselves: their command line is one space-separated string.
        return owner === uid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').split(' ').includes(needle);
      } catch {
        return false; // gone meanwhile
      }
    });
}

const seccompOf = (pid: number) => /^Seccomp:\s+(\d)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

test('an unprivileged kiosk runs Chromium sandboxed: every renderer under seccomp-bpf, no --no-sandbox', async ({ shell }) => {
  test.skip(shell !== 'chromium', 'this is the Chromium shell\'s sandbox; Electron\'s is checked by electron-hardening');
  const user = unprivilegedUser();
  const uid = user?.uid ?? userInfo().uid;
  const home = mkdtempSync(join(tmpdir(), 'kiosk-sandbox-'));
  if (user) chownSync(home, user.uid, user.gid);
  // -ac: the kiosk's user may draw on this screen without the tests' X cookie.
  const screen = await startXDisplay('1280x1024x24', ['-ac']);
  try {
    const kiosk = await launchKiosk({
      shell: 'chromium',
      dataDir: join(home, 'data'),
      runAs: user,
      env: { DISPLAY: screen.display, HOME: home, XAUTHORITY: '', KIOSK_DEMO: '1' },
    });
    expect(kiosk.output()).toContain('[kiosk] ready: chromium shell (sandbox on)');
    expect(kiosk.output()).not.toContain('WARNING');
    await expect(kiosk.page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

    const renderers = processesOf(uid, '--type=renderer');
    expect(renderers.length, 'renderer processes of the kiosk').toBeGreaterThan(0);
    // Seccomp 2: the renderer runs under Chromium's seccomp-bpf filter (0 with --no-sandbox).
    expect(renderers.map(seccompOf)).toEqual(renderers.map(() => '2'));
    expect(processesOf(uid, '--no-sandbox'), 'processes started with --no-sandbox').toEqual([]);
    await kiosk.stop();
  } finally {
    await screen.stop();
    rmSync(home, { recursive: true, force: true });
  }
});
