// What scripts/bench.mjs and scripts/soak.mjs both need: a screen, the built
// kiosk (Chromium shell) as a child process, its page over CDP, and the memory
// of a process tree.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

/** Without a DISPLAY, runs this script again under Xvfb and exits with its status. */
export function ensureDisplay() {
  if (process.env.DISPLAY) return;
  const run = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the kiosk (Chromium shell) on `dataDir` with CDP on `port`; `ready`
 * resolves with the milliseconds until it reports the welcome screen up.
 */
export function startKiosk(dataDir, port, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, ['out/main/start.js'], {
    env: { ...process.env, ...env, KIOSK_SHELL: 'chromium', KIOSK_DATA_DIR: dataDir, KIOSK_REMOTE_DEBUGGING_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('[kiosk] ready')) resolve(performance.now() - started);
    });
    exited.then(() => reject(new Error(`kiosk exited early:\n${out}`)));
  });
  return { child, ready, stop: () => (child.kill('SIGTERM'), exited) };
}

/** The kiosk's own page, reached from outside over CDP. */
export async function kioskPage(port) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith('https://kiosk.invalid/'));
  return { browser, page };
}

/** Proportional set size (kB) of `pid` and all its descendants, and of `pid` alone. */
export function treePssKb(pid) {
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const pids = [];
  for (const queue = [pid]; queue.length; ) {
    const p = queue.shift();
    pids.push(p);
    queue.push(...children(p));
  }
  const pss = (p) => {
    try {
      return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // the process ended meanwhile
    }
  };
  return { kb: pids.reduce((sum, p) => sum + pss(p), 0), rootKb: pss(pid), processes: pids.length };
}
