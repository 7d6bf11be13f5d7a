import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { KioskConfig } from '../../shared/config/kiosk-config';

export type CallResult = { ok: true; value: unknown } | { ok: false; code: string; [key: string]: unknown };

/** A kiosk in a process of its own (test/support/kiosk-child.ts), driven call by call. */
export interface KioskProcess {
  call(windowId: string, channel: string, input?: unknown): Promise<CallResult>;
  /** What the process's own clock said when it was ready (ms). */
  readonly localNowAtStart: number;
  close(): Promise<void>;
}

/**
 * Starts the kiosk process, under libfaketime when `clockOffset` is given
 * (faketime's relative form, e.g. '+20m', '-2m'): its clock, and only its, is off.
 */
export async function startKioskProcess(
  overrides: Partial<KioskConfig> & { dataDir: string },
  { clockOffset }: { clockOffset?: string } = {},
): Promise<KioskProcess> {
  const node = [process.execPath, '--import', 'tsx', 'test/support/kiosk-child.ts', JSON.stringify(overrides)];
  const [command, ...args] = clockOffset ? ['faketime', '-f', clockOffset, ...node] : node;
  const child = spawn(command!, args, { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const pending = new Map<number, (result: CallResult) => void>();
  let nextId = 1;
  const ready = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kiosk process exited (${code}) before it was ready: ${errors}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: true; localNow?: number; id?: number; result?: CallResult };
      if (message.ready) resolve(message.localNow!);
      else if (message.id !== undefined) pending.get(message.id)?.(message.result!);
    });
  });
  const localNowAtStart = await ready;
  const send = (message: object) =>
    new Promise<CallResult>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ ...message, id })}\n`);
    });
  return {
    localNowAtStart,
    call: (windowId, channel, input = {}) => send({ windowId, channel, input }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send({ close: true });
      await exited;
    },
  };
}
