import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { changeHanakoPassword, changeTaroIdWithDemoMailbox } from '../support/flows';
import { launchKiosk } from '../support/kiosk-app';
import { HANAKO, TARO, signIn } from '../support/sign-in';
import { ADMIN_URL, psql } from '../support/test-store';

/**
 * The kiosk on a shared PostgreSQL store (KIOSK_DATABASE_URL) instead of its
 * SQLite file: it migrates an empty database at start, runs the customer
 * flows on it, and a second kiosk on the same database (its own data dir)
 * signs in with what the first one changed.
 */
const database = `kt_e2e_${process.pid}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
})();

test.beforeAll(() => {
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  psql(`CREATE DATABASE ${database}`);
});
test.afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test('one store for two kiosks: an ID and a password changed at one sign in at the other', async ({ shell }) => {
  const env = { KIOSK_DATABASE_URL: url, KIOSK_DEMO: '1' };
  const first = await launchKiosk({ shell, env });
  try {
    // The start line names the store, never its password; no SQLite file is made.
    expect(first.output()).toContain(`store: PostgreSQL kiosk_test@127.0.0.1:5432/${database}`);
    expect(first.output()).not.toContain('kiosk_test:kiosk_test');
    expect(existsSync(join(first.dataDir, DATABASE_FILE))).toBe(false);

    await changeTaroIdWithDemoMailbox(first.page, 'taro.pg@example.com');
    await first.page.screenshot({ path: join('test-results', 'screens', shell, '90-postgres-id-changed.png') });
    await first.page.getByRole('button', { name: 'ログアウト' }).click();
    await changeHanakoPassword(first.page, 'Shared/Store=42');
  } finally {
    await first.stop();
  }
  expect(psql("SELECT itscom_id || ' ' || contact_mail FROM customers ORDER BY id", url).split('\n')).toEqual([
    'taro.pg@example.com taro.yamada@example.com',
    'hanako.suzuki@example.com hanako.suzuki@example.com',
  ]);

  const second = await launchKiosk({ shell, env });
  try {
    await signIn(second.page, { itscomId: 'taro.pg@example.com', password: TARO.password });
    await expect(second.page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
    await second.page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(second.page, { itscomId: HANAKO.itscomId, password: 'Shared/Store=42' });
    await expect(second.page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
    await second.page.screenshot({ path: join('test-results', 'screens', shell, '91-postgres-second-kiosk.png') });
  } finally {
    await second.stop();
  }
});
