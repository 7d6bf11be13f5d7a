import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Browser accelerators that no page and no policy can turn off, with what
 * they would open: Chromium's Task Manager (from which a process can be
 * ended) on Shift+Escape. Keys in xbindkeys' notation.
 */
export const GUARDED_KEYS = ['Shift + Escape'] as const;
const READY_LINE = 'starting loop...';
const READY_TIMEOUT_MS = 10_000;
/** How often the guard is tried at start: an X server under load can refuse a connection now and then. */
const START_ATTEMPTS = 3;

export class KeyGuardError extends Error {
  override name = 'KeyGuardError';
  constructor(
    message: string,
    /** It ended before taking the keys (a display that refused a connection): worth another try. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/**
 * Holds GUARDED_KEYS on the kiosk's X display: xbindkeys grabs them on the
 * root window (with every Num/Caps/Scroll Lock state), so the X server hands
 * them to it and the browser never receives them. A browser accelerator never
 * reaches the page, so the page cannot stop it; the display is where it can
 * be. Resolves once the grab is in place; `onLost` hears if it ends early.
 */
export async function guardBrowserKeys(onLost: (why: string) => void): Promise<{ stop(): void }> {
  // A folder of its own (mkdtemp: owner-only), removed when the guard stops.
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
  const rc = join(dir, 'xbindkeysrc');
  // Each key does nothing ("true"): holding it is the point.
  writeFileSync(rc, GUARDED_KEYS.map((key) => `"true"\n  ${key}\n`).join(''), { mode: 0o600 });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const child = await startXbindkeys(rc);
      let stopping = false;
      child.once('exit', (code) => {
        if (!stopping) onLost(`the key guard (xbindkeys) ended (${code}): Shift+Escape would reach the browser`);
      });
      return {
        stop: () => {
          stopping = true;
          child.kill('SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !(error instanceof KeyGuardError) || !error.transient) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** One xbindkeys holding the keys of `rc`, once it says the grab is in place. */
function startXbindkeys(rc: string): Promise<ChildProcess> {
  // stdbuf: xbindkeys says it is ready on stdout, which it buffers when that is a pipe.
  const child = spawn('stdbuf', ['-oL', 'xbindkeys', '--nodaemon', '--verbose', '--file', rc], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let ready = false;
  return new Promise<ChildProcess>((resolve, reject) => {
    const fail = (error: KeyGuardError) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(error);
    };
    const timer = setTimeout(() => fail(new KeyGuardError(`xbindkeys did not take the keys within ${READY_TIMEOUT_MS} ms: ${output.slice(-300)}`, false)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && output.includes(READY_LINE)) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => fail(new KeyGuardError(`cannot start xbindkeys (Debian package "xbindkeys"): ${error.message}`, false)));
    child.once('exit', (code) => {
      if (!ready) fail(new KeyGuardError(`xbindkeys exited (${code}) before it took the keys: ${output.slice(-300)}`, true));
    });
  });
}
