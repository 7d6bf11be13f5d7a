import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { launchKiosk, type KioskApp, type ShellName } from './kiosk-app';

export interface KioskFixtures {
  kiosk: KioskApp;
  page: Page;
  /** Saves a screenshot of the kiosk screen to test-results/screens/<shell>/<name>.png. */
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<KioskFixtures & { shell: ShellName }>({
  shell: ['chromium', { option: true }],
  kiosk: async ({ shell }, use) => {
    const app = await launchKiosk({ shell });
    await use(app);
    await app.stop();
  },
  page: async ({ kiosk }, use) => {
    await use(kiosk.page);
    // CSP violations and script errors show up as console errors: none are allowed.
    expect(kiosk.pageErrors, 'errors in the kiosk page').toEqual([]);
  },
  shot: async ({ kiosk }, use) => {
    const dir = join('test-results', 'screens', kiosk.shell);
    mkdirSync(dir, { recursive: true });
    await use(async (name) => {
      await kiosk.page.screenshot({ path: join(dir, `${name}.png`) });
    });
  },
});

export { expect };
