import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, pickShell } from './pick-shell';
import { rendererDir } from '../core/app-page/app-page';

/**
 * `npm start`: picks the shell, says which and why, and runs it. The Electron
 * shell is a child process (the electron binary loads out/main/electron.js);
 * the Chromium shell runs in this Node process.
 */
const requireFromHere = createRequire(import.meta.url);
const appRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const electronPackageDir = dirname(requireFromHere.resolve('electron/package.json'));
  const choice = pickShell(process.env, electronBinaryPath(process.env, electronPackageDir));
  console.log(`[kiosk] starting the ${choice.shell} shell: ${choice.reason}`);
  if (choice.shell === 'chromium') {
    const { runChromiumShell } = await import('../chromium/run-chromium-shell');
    await runChromiumShell(rendererDir(import.meta.url));
    return;
  }
  const child = spawn(choice.electronPath!, [appRoot], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(`[kiosk] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
