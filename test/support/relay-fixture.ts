import { expect, type Page } from '@playwright/test';
import { test as base } from './fixtures';
import { launchKiosk } from './kiosk-app';
import { SmtpSink } from './smtp-sink';

/** The kiosk on a real SMTP relay on loopback (KIOSK_SMTP_URL), with the demo customers. */
export const testWithRelay = base.extend<{ sink: SmtpSink }>({
  sink: async ({}, use) => {
    const sink = await new SmtpSink().start();
    await use(sink);
    await sink.stop();
  },
  kiosk: async ({ shell, sink }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_SMTP_URL: sink.url, KIOSK_DEMO: '1' } });
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
