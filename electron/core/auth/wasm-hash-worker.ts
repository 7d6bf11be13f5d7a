import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * argon2id and bcrypt checks (hash-wasm, WebAssembly) in a worker thread: a
 * check takes up to a few hundred milliseconds of CPU, which on the main
 * thread would hold every window's calls. A worker per check, gone with its
 * answer (imported hashes are checked once per customer, then replaced), and
 * at most two at once, as many as the kiosk PC has cores for.
 */
const AT_ONCE = 2;

// The worker is a script of its own given as text (no second bundle to ship); it loads hash-wasm from where this module would.
const hashWasm = createRequire(import.meta.url).resolve('hash-wasm');
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { argon2Verify, bcryptVerify } = require(${JSON.stringify(hashWasm)});
const { kind, password, hash } = workerData;
(kind === 'argon2id' ? argon2Verify({ password, hash }) : bcryptVerify({ password, hash })).then(
  (right) => parentPort.postMessage({ right }),
  (error) => parentPort.postMessage({ error: String(error && error.message) }),
);
`;

let running = 0;
const waiting: Array<() => void> = [];

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Whether `password` (already NFC) matches an argon2id or bcrypt PHC string, checked off the main thread. */
export function verifyOffMainThread(kind: 'argon2id' | 'bcrypt', password: string, hash: string): Promise<boolean> {
  return turn(
    () =>
      new Promise<boolean>((resolve, reject) => {
        const worker = new Worker(WORKER, { eval: true, workerData: { kind, password, hash } });
        worker.once('message', (answer: { right?: boolean; error?: string }) => {
          void worker.terminate();
          if (answer.error !== undefined) reject(new Error(`${kind} check failed: ${answer.error}`));
          else resolve(answer.right === true);
        });
        worker.once('error', (error) => reject(new Error(`${kind} check failed: ${error.message}`)));
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`${kind} check stopped (${code})`));
        });
      }),
  );
}
