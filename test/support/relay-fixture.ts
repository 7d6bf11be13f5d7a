import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { test as base } from './fixtures';
import { launchKiosk } from './kiosk-app';
import { SmtpSink } from './smtp-sink';

/**
 * The kiosk on a real SMTP relay on loopback (KIOSK_SMTP_URL), with the demo customers. Its
 * shop name is the test's own, so a test finds its own slips among those other tests print
 * at the same moment for the same demo customers.
 */
export const testWithRelay = base.extend<{ sink: SmtpSink; shopName: string }>({
  shopName: async ({}, use) => {
    await use(`テスト店${randomBytes(4).toString('hex')}`);
  },
  sink: async ({}, use) => {
    const sink = await new SmtpSink().start();
    await use(sink);
    await sink.stop();
  },
  kiosk: async ({ shell, sink, shopName }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_SMTP_URL: sink.url, KIOSK_DEMO: '1', KIOSK_SHOP_NAME: shopName } });
    await use(app);
    await app.stop();
  },
});

/** The field is marked invalid and its own message (the last id it is described by) says `message`. */
export async function expectFieldError(page: Page, label: string, message: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`#${(await field.getAttribute('aria-describedby'))!.split(' ').at(-1)}`)).toHaveText(message);
}
