import { defineConfig } from '@playwright/test';
import type { ShellName } from './test/support/kiosk-app';
import { electronAvailability } from './test/support/electron-binary';

const shells: ShellName[] = electronAvailability().available ? ['chromium', 'electron'] : ['chromium'];

/** The same specs run in every shell that can run here; global-setup prints which. */
export default defineConfig<{ shell: ShellName }>({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: true,
  // Three on two cores: the idle, speech, shop and printer specs mostly wait, and the waits overlap
  // (four ran faster, but the keypad specs, each on an X screen of their own, then lost pages under the load).
  workers: 3,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  projects: shells.map((shell) => ({ name: `${shell}-shell`, use: { shell } })),
});
