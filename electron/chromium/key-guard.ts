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

export class KeyGuardError extends Error {
  override name = 'KeyGuardError';
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
  let child: ChildProcess;
  try {
    // stdbuf: xbindkeys says it is ready on stdout, which it buffers when that is a pipe.
    child = spawn('stdbuf', ['-oL', 'xbindkeys', '--nodaemon', '--verbose', '--file', rc], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new KeyGuardError(`cannot start xbindkeys: ${error instanceof Error ? error.message : 'unknown'}`);
  }
  let stopping = false;
  let output = '';
  const stop = () => {
    stopping = true;
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeyGuardError(`xbindkeys did not take the keys within ${READY_TIMEOUT_MS} ms: ${output.slice(-300)}`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new KeyGuardError(`cannot start xbindkeys (Debian package "xbindkeys"): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!stopping) reject(new KeyGuardError(`xbindkeys exited (${code}) before it took the keys: ${output.slice(-300)}`));
    });
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  child.once('exit', (code) => {
    if (!stopping) onLost(`the key guard (xbindkeys) ended (${code}): Shift+Escape would reach the browser`);
  });
  return { stop };
}
