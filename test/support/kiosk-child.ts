/**
 * A kiosk core in a process of its own (its own data dir, the shared store),
 * on its own clock: started by the shop tests, possibly under libfaketime.
 * It takes calls as JSON lines on stdin ({ id, windowId, channel, input }) and
 * answers each with { id, result } on stdout; { id, close: true } closes it.
 *
 * argv: the config overrides as JSON (testConfig's defaults for the rest).
 */
// The unit tests' cheaper KDF, as in the test process that started this one.
import './test-kdf';
import { createInterface } from 'node:readline';
import { startCore } from '../../electron/core/kiosk-core';
import type { KioskConfig } from '../../shared/config/kiosk-config';
import { testConfig } from './test-core';

const overrides = JSON.parse(process.argv[2]!) as Partial<KioskConfig> & { dataDir: string };
// No clock is injected: the kiosk runs on the shop's clock as in production.
const core = await startCore({ config: testConfig(overrides.dataDir, overrides) });
process.stdout.write(`${JSON.stringify({ ready: true, localNow: Date.now() })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as { id: number; windowId?: string; channel?: string; input?: unknown; close?: true };
  if (message.close) {
    await core.close();
    process.stdout.write(`${JSON.stringify({ id: message.id, result: null })}\n`);
    process.exit(0);
  }
  const result = await core.dispatch({ windowId: message.windowId! }, message.channel, message.input ?? {});
  process.stdout.write(`${JSON.stringify({ id: message.id, result })}\n`);
}
