import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { expect, test } from '../support/fixtures';
import { HANAKO, signIn } from '../support/sign-in';
import { enterPasswordChange, openPasswordChange } from '../support/flows';

test('a store locked by another process: a clear message, nothing changed, and 登録 works once it is free', async ({ page, kiosk, shot }) => {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  await enterPasswordChange(page, HANAKO.password, 'Locked/2026');

  // This test process is "another process": it takes the store's write lock.
  const other = new Database(join(kiosk.dataDir, DATABASE_FILE));
  other.exec('BEGIN EXCLUSIVE');
  try {
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(
      '一時的に登録できませんでした。変更は行われていません。少し待ってから、もう一度お試しください。',
      { timeout: 20_000 },
    );
    await shot('95-store-locked');
  } finally {
    other.exec('ROLLBACK');
  }
  expect(other.prepare('SELECT count(*) AS n FROM procedures').get()).toEqual({ n: 0 });
  other.close();

  // The kiosk kept running: the same button now registers the change.
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
});
