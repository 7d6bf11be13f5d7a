import type { Page } from '@playwright/test';
import { expect, test as base } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { codeInOpenMailbox } from '../support/flows';
import { focusRing, openKeypad, type Keypad } from '../support/keypad';
import { startXDisplay, type XDisplay } from '../support/x-display';

/**
 * Every journey by the kiosk's tactile keypad alone: arrows, Enter and Escape
 * as real X key events on a screen of the test's own. Text goes in through the
 * on-screen keyboard, key by key. The page is read only to find the focus.
 */
const test = base.extend<{ x: XDisplay; keypad: Keypad }>({
  x: async ({}, use) => {
    const x = await startXDisplay();
    await use(x);
    await x.stop();
  },
  kiosk: async ({ shell, x }, use) => {
    const app = await launchKiosk({ shell, env: { DISPLAY: x.display } });
    await use(app);
    await app.stop();
  },
  keypad: async ({ page, x }, use) => {
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await use(await openKeypad(page, x));
  },
});

/** The code in the demo mailbox, opened and closed by keypad. */
async function codeFromMailbox(page: Page, keypad: Keypad): Promise<string> {
  await keypad.activate('デモ用メールボックスを開く');
  const code = await codeInOpenMailbox(page);
  await keypad.press('Escape');
  await expect(page.getByRole('dialog', { name: 'デモ用メールボックス' })).toHaveCount(0);
  return code;
}

/** yamada.taro signs in from the welcome screen, every character on the on-screen keyboard. */
async function signInByKeypad(page: Page, keypad: Keypad): Promise<void> {
  await keypad.activate('マイページにログイン');
  await keypad.focus('iTSCOM ID');
  await keypad.type('yamada.taro');
  await expect(page.getByLabel('iTSCOM ID')).toHaveValue('yamada.taro');
  await keypad.focus('パスワード');
  await keypad.type('Demo-pass1');
  await keypad.activate('ログイン');
}

test('sign-in, language, the four toggles, a staff call, the password change and its slip, by keypad alone', async ({ page, keypad, x, shot }) => {
  // Nothing has the focus at first: Down starts at the first control, with a ring anyone can see.
  await keypad.press('Down');
  await expect(page.getByRole('button', { name: '音声案内' })).toBeFocused();
  expect(await focusRing(page)).toMatchObject({ width: '3px', style: 'solid' });
  expect((await focusRing(page)).contrast).toBeGreaterThanOrEqual(3);
  await shot('keypad-00-focus-ring');

  await keypad.activate('Switch to English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await keypad.activate('日本語に切り替える');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  // The keypad's speech key (it sends *) turns 「音声案内」 on and off from wherever the focus is.
  await keypad.press('asterisk');
  await expect(page.getByRole('button', { name: '音声案内' })).toHaveAttribute('aria-pressed', 'true');
  await keypad.press('asterisk');
  await expect(page.getByRole('button', { name: '音声案内' })).toHaveAttribute('aria-pressed', 'false');
  for (const toggle of ['音声案内', '文字を大きく', 'ハイコントラスト', 'ふりがな']) {
    await keypad.activate(toggle);
    await expect(page.getByRole('button', { name: toggle })).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await expect(page.locator('html')).toHaveClass(/high-contrast/);
  expect((await focusRing(page)).contrast, 'the ring on black').toBeGreaterThanOrEqual(3);
  await shot('keypad-01-all-toggles-on');
  for (const toggle of ['ふりがな', 'ハイコントラスト', '文字を大きく', '音声案内']) {
    await keypad.focus(toggle, 'Up');
    await keypad.press('Return');
    await expect(page.getByRole('button', { name: toggle })).toHaveAttribute('aria-pressed', 'false');
  }

  // Escape is 「戻る」.
  await keypad.activate('マイページにログイン');
  await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  await keypad.press('Escape');
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

  await signInByKeypad(page, keypad);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();

  // No shortcut gets out while the keypad is in use (the key guard runs first).
  await x.xdotool('key', '--clearmodifiers', 'ctrl+w', 'alt+F4', 'ctrl+n', 'F5');
  await keypad.press('Down');
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();

  await keypad.activate('お問い合わせ・サポート');
  await expect(page.getByRole('dialog', { name: 'お問い合わせ・サポート' })).toContainText('スタッフをお呼びしました');
  await keypad.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await keypad.activate('お客さま情報確認・変更');
  await keypad.activate('アカウント情報を変更する');
  await keypad.activate('パスワードを変更');
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更' })).toBeVisible();
  await keypad.focus('現在のパスワード');
  await keypad.type('Demo-pass1');
  await keypad.focus('新しいパスワード');
  await keypad.type('Keypad-Pass2');
  await keypad.focus('新しいパスワード 再入力');
  await keypad.type('Keypad-Pass2');
  await keypad.activate('この内容で登録する');
  await keypad.activate('登録');
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
  await keypad.activate('印刷用画面へ');
  await keypad.activate('印刷');
  await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
  await keypad.activate('閉じる');
  await keypad.activate('ログアウト');
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
});

test('the ID change with the code from the mail, by keypad alone', async ({ page, keypad }) => {
  await signInByKeypad(page, keypad);
  await keypad.activate('iTSCOM ID 変更画面へ');
  await keypad.focus('新しいiTSCOM ID');
  await keypad.type('kp.taro@example.com');
  await keypad.activate('次へ');
  await expect(page.getByRole('status').filter({ hasText: '送信しました' })).toBeVisible();
  const code = await codeFromMailbox(page, keypad);
  await keypad.focus('認証コード', 'Up');
  await keypad.type(code);
  await keypad.activate('次へ');
  await expect(page.getByRole('heading', { name: '変更内容の確認' })).toBeVisible();
  await keypad.activate('この内容で登録する');
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  await expect(page.getByText('kp.taro@example.com').first()).toBeVisible();
});

test('the reset of a forgotten password with the mailed code, by keypad alone', async ({ page, keypad }) => {
  await keypad.activate('マイページにログイン');
  await keypad.activate('パスワードをお忘れの方');
  await expect(page.getByRole('heading', { name: 'パスワードの再設定' })).toBeVisible();
  await keypad.focus('iTSCOM ID');
  await keypad.type('yamada.taro');
  await keypad.activate('次へ');
  await expect(page.getByRole('status').filter({ hasText: '認証コードを送信しました' })).toBeVisible();
  const code = await codeFromMailbox(page, keypad);
  await keypad.focus('認証コード', 'Up');
  await keypad.type(code);
  await keypad.activate('次へ');
  await expect(page.getByRole('heading', { name: '新しいパスワードの入力' })).toBeVisible();
  await keypad.focus('新しいパスワード');
  await keypad.type('Reset-Key3');
  await keypad.focus('新しいパスワード 再入力');
  await keypad.type('Reset-Key3');
  await keypad.activate('この内容で登録する');
  await expect(page.getByRole('heading', { name: /再設定が完了しました/ })).toBeVisible();
});
