// npm run bench: startup, IPC overhead and bundle size, as ratios against a
// baseline measured in the same run. Prints a table, writes bench/results.json.
// Not part of the test suite: numbers inform, they do not pass or fail.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

if (!process.env.DISPLAY) {
  const run = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

const RUNS = 5;
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the kiosk (Chromium shell) and resolves when it reports the welcome screen up. */
function startKiosk(dataDir, port) {
  const started = performance.now();
  const child = spawn(process.execPath, ['out/main/start.js'], {
    env: { ...process.env, KIOSK_SHELL: 'chromium', KIOSK_DATA_DIR: dataDir, KIOSK_REMOTE_DEBUGGING_PORT: String(port) },
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

/** Bare Chromium, same flags as the kiosk's, opening a blank page. */
async function bareChromiumStart() {
  const profile = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const started = performance.now();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: null,
    ignoreDefaultArgs: ['--enable-automation'],
    args: ['--kiosk', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('about:blank');
  const elapsed = performance.now() - started;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  return elapsed;
}

async function measureStartup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kiosk-'));
  // Warm-up run seeds the demo store, so the measured runs are restarts of a configured kiosk.
  const warm = startKiosk(dataDir, await freePort());
  await warm.ready;
  await warm.stop();
  const kiosk = [];
  const bare = [];
  for (let i = 0; i < RUNS; i += 1) {
    bare.push(await bareChromiumStart());
    const run = startKiosk(dataDir, await freePort());
    kiosk.push(await run.ready);
    await run.stop();
  }
  rmSync(dataDir, { recursive: true, force: true });
  return { kioskMs: median(kiosk), bareMs: median(bare) };
}

/** Times `n` sequential awaits of `call` inside the page, after a warm-up. */
async function timeCallsInPage(page, expression) {
  return page.evaluate(async (body) => {
    const call = new Function(`return ${body}`);
    for (let i = 0; i < 50; i += 1) await call();
    const out = [];
    for (let i = 0; i < 500; i += 1) {
      const t = performance.now();
      await call();
      out.push(performance.now() - t);
    }
    return out;
  }, expression);
}

async function measureIpc() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ipc-'));
  const port = await freePort();
  const run = startKiosk(dataDir, port);
  await run.ready;
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = browser.contexts()[0].pages().find((p) => p.url().startsWith('https://kiosk.invalid/'));
  const kiosk = await timeCallsInPage(page, 'window.kiosk.session.current()');
  await run.stop();
  rmSync(dataDir, { recursive: true, force: true });

  // Baseline: a bare playwright binding that only answers, in the same Chromium, no core behind it.
  // (It cannot live in the kiosk's own page: a second client's bindings would answer the kiosk's calls.)
  const profile = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: false });
  await context.exposeBinding('__benchEcho', (_source, value) => value);
  const blank = context.pages()[0] ?? (await context.newPage());
  await blank.goto('about:blank');
  const bare = await timeCallsInPage(blank, 'window.__benchEcho({})');
  await context.close();
  rmSync(profile, { recursive: true, force: true });

  return {
    kioskP50: percentile(kiosk, 50),
    bareP50: percentile(bare, 50),
    overheadP50: percentile(kiosk, 50) - percentile(bare, 50),
  };
}

function measureBundle() {
  const dir = 'out/renderer/assets';
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
  return { files: files.length, gzipBytes };
}

const startup = await measureStartup();
const ipc = await measureIpc();
const bundle = measureBundle();
const results = {
  measuredAt: new Date().toISOString(),
  startup: { ...startup, ratio: startup.kioskMs / startup.bareMs, runs: RUNS },
  ipc,
  bundle,
};
const ms = (v) => `${v.toFixed(2)} ms`;
console.table({
  'cold start → welcome (median of 5)': { value: ms(startup.kioskMs), baseline: ms(startup.bareMs), ratio: results.startup.ratio.toFixed(2) },
  'IPC round trip p50': { value: ms(ipc.kioskP50), baseline: ms(ipc.bareP50), ratio: `+${ms(ipc.overheadP50)}` },
  'renderer JS (gzip)': { value: `${(bundle.gzipBytes / 1024).toFixed(1)} KiB`, baseline: '-', ratio: '-' },
});
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('written: bench/results.json');
