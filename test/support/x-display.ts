import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A virtual X screen of the test's own. Real X input (xdotool's XTEST events)
 * goes to whatever window has the focus: with the other E2E worker's kiosk on
 * the same screen, a key could land in the wrong app.
 */
export interface XDisplay {
  display: string;
  /** Runs xdotool on this screen; '' when it finds nothing (it exits 1 then). */
  xdotool(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startXDisplay(size = '1280x1024x24', extraArgs: string[] = []): Promise<XDisplay> {
  // -displayfd: Xvfb picks a free display and writes its number once it accepts connections.
  const server: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  const display = `:${number}`;
  return {
    display,
    xdotool: async (...args) => {
      try {
        return (await run('xdotool', args, { env: { ...process.env, DISPLAY: display } })).stdout.trim();
      } catch {
        return '';
      }
    },
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      }),
  };
}
