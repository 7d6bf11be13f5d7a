import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ChildRun {
  child: ChildProcess;
  /** Settles when the process ends, with everything it printed (stdout and stderr). */
  exited: Promise<{ code: number | null; signal: string | null; out: string }>;
  output(): string;
}

/** Runs `node --import tsx <args>` from the project root: a kiosk part (or IT's command) in a process of its own; `input` is its stdin. */
export function runTsx(args: string[], { env, input }: { env?: NodeJS.ProcessEnv; input?: string } = {}): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: process.cwd(),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null, out }));
  return { child, exited, output: () => out };
}
