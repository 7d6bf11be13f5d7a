import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test as base, expect } from '../support/fixtures';
import { changeHanakoPassword } from '../support/flows';
import { launchKiosk } from '../support/kiosk-app';
import { addSocketPrinter, queuedJobs, type SocketPrinter } from '../support/socket-printer';

/**
 * A printer that fails while the slip is on its way: the customer is told, and
 * the slip must never come out later for whoever stands there when the printer
 * is back, nor twice after the customer's retry.
 */
const test = base.extend<{ printer: SocketPrinter }>({
  printer: async ({}, use) => {
    const printer = await addSocketPrinter(`KioskJam${randomBytes(3).toString('hex')}`);
    await use(printer);
    await printer.remove();
  },
  kiosk: async ({ shell, printer }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_PRINTER: printer.name } });
    await use(app);
    await app.stop();
  },
});

test('a printer that stops mid-job: the job is cancelled before the customer is told, nothing prints later, a retry prints one copy', async ({ page, printer, shot }) => {
  await changeHanakoPassword(page, `Jam.${randomBytes(4).toString('hex')}`);
  await page.getByRole('link', { name: '印刷用画面へ' }).click();

  // The printer lost its power: CUPS holds the slip and keeps trying; then staff switch the queue off.
  await printer.unplug();
  await page.getByRole('button', { name: '印刷' }).click();
  await expect.poll(() => queuedJobs(printer.name)).toHaveLength(1);
  execFileSync('cupsdisable', [printer.name]);

  await expect(page.getByRole('alert')).toHaveText(/プリンターに接続できないため印刷できませんでした。/);
  await shot('64-print-failed-mid-job');
  // Told "not printed" means gone: nothing left in the queue to print later.
  expect(queuedJobs(printer.name)).toEqual([]);

  // The printer comes back: nothing was waiting for it.
  await printer.plugIn();
  execFileSync('cupsenable', [printer.name]);
  expect(queuedJobs(printer.name)).toEqual([]);
  expect(printer.jobs()).toBe(0);

  // The customer's retry prints exactly one copy.
  await page.getByRole('button', { name: '印刷' }).click();
  await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
  expect(printer.jobs()).toBe(1);
  expect(queuedJobs(printer.name)).toEqual([]);
});
