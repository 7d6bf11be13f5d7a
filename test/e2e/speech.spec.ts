import { execFileSync } from 'node:child_process';
import { test as base, expect } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { checkLayoutAtBothSizes } from '../support/access-modes';
import { changeHanakoPassword } from '../support/flows';
import { startNullSink, speechSpy, speechSpyFixture, type NullSink } from '../support/null-sink';

/**
 * 「音声案内」 heard for real: the kiosk plays through a PulseAudio server of
 * the test's own whose only output is a null sink, recorded from its monitor;
 * an espeak-ng first on the kiosk's PATH copies what the engine is given.
 */
const test = base.extend<{ sink: NullSink; spy: ReturnType<typeof speechSpy>; idle: Record<string, string> }>({
  idle: [{}, { option: true }],
  sink: async ({}, use) => {
    const sink = await startNullSink();
    await use(sink);
    await sink.stop();
  },
  spy: speechSpyFixture,
  kiosk: async ({ shell, sink, spy, idle }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_SPEECH_ENGINE: 'espeak-ng', PULSE_SERVER: sink.server, PATH: spy.path, ...idle } });
    await use(app);
    await app.stop();
  },
});

const HEARD_WITHIN_MS = 2_000;

/** How long espeak-ng takes to say what the spy logged (its WAV: 22,050 samples of 16 bits a second). */
function spokenMs(kana: string): number {
  const wav = execFileSync('espeak-ng', ['-v', 'ja', '-s', '150', '--stdout'], { input: kana });
  return ((wav.length - 44) / 2 / 22_050) * 1000;
}

test('speech is heard within 2 s of a screen when on, never when off, and stops when the next screen comes', async ({ page, sink, spy }) => {
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  const toggle = page.getByRole('button', { name: '音声案内' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  // Off (each new customer's default): a new screen is silent.
  const offAt = Date.now();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  await expect(sink.soundAfter(offAt, HEARD_WITHIN_MS)).rejects.toThrow(/no sound/);
  expect(spy.heard()).toBe('');
  await page.getByRole('link', { name: '戻る' }).click();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

  // On: the screen it is turned on at is said, within 2 s.
  const onAt = Date.now();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const heardAt = await sink.soundAfter(onAt, HEARD_WITHIN_MS);
  expect(spy.heard()).toContain('マイページ');

  // The next screen while the welcome is still being said: the welcome stops, the sign-in is said.
  const before = spy.heard().length;
  const nextAt = Date.now();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  await expect.poll(() => spy.heard().slice(before)).toContain('ログイン');
  expect(nextAt - heardAt, 'the welcome was still being said').toBeLessThan(spokenMs(spy.heard().slice(0, before)));
  // Everything said after the switch, said in full one after the other, with slack for starting each process.
  const afterSwitch = spy.heard().slice(before).split('\n').filter(Boolean);
  const budget = afterSwitch.reduce((sum, text) => sum + spokenMs(text), 0) + 600 * afterSwitch.length + 500;
  await expect.poll(() => sink.audibleBetween(nextAt + budget, Date.now()).length, { timeout: budget + 3_000, intervals: [250] }).toBe(0);
  const welcomeLeft = spokenMs(spy.heard().slice(0, before)) - (nextAt - heardAt);
  expect(welcomeLeft, 'a welcome said to its end would still be sounding past the budget').toBeGreaterThan(0);

  // Turned off mid-sentence: silence at once.
  await page.getByRole('button', { name: 'もう一度聞く' }).click();
  const repeatAt = await sink.soundAfter(Date.now(), HEARD_WITHIN_MS);
  await toggle.click();
  const offAgain = Date.now();
  expect(offAgain - repeatAt).toBeLessThan(spokenMs(afterSwitch[0]!));
  await expect.poll(() => sink.audibleBetween(offAgain + 500, Date.now()).length, { timeout: 3_000, intervals: [250] }).toBe(0);
  await expect(page.getByRole('button', { name: 'もう一度聞く' })).toHaveCount(0);
});

test('three volumes: 「大」 is louder than 「小」, and 「もう一度聞く」 says the screen again', async ({ page, sink }) => {
  await page.getByRole('button', { name: '音声案内' }).click();
  const volume = page.getByRole('button', { name: /^音量：/ });
  await expect(volume).toHaveText('音量：中');
  const loudness = async () => {
    const from = Date.now();
    await page.getByRole('button', { name: 'もう一度聞く' }).click();
    await sink.soundAfter(from, HEARD_WITHIN_MS);
    // The welcome's first seconds, as heard.
    await expect.poll(() => sink.audibleBetween(from, Date.now()).length, { intervals: [200] }).toBeGreaterThan(40);
    const windows = sink.audibleBetween(from, Date.now()).map((w) => w.rms).sort((a, b) => a - b);
    return windows[Math.floor(windows.length * 0.9)]!;
  };
  await volume.click();
  await expect(volume).toHaveText('音量：大');
  const loud = await loudness();
  await volume.click();
  await expect(volume).toHaveText('音量：小');
  const quiet = await loudness();
  expect(loud / quiet).toBeGreaterThan(1.8);
});

test('errors are said as they appear; no secret reaches the engine: a password is said by its length, the slip\'s as "on the slip"', async ({ page, kiosk, spy }) => {
  await page.getByRole('button', { name: '音声案内' }).click();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill('hanako.suzuki@example.com');
  await page.getByLabel('パスワード').fill('Wrong-pass1');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  // 「iTSCOM IDまたはパスワードが正しくありません。」, in its reading.
  await expect.poll(() => spy.heard()).toContain('タダシクありません');
  await page.getByRole('link', { name: '戻る' }).click();
  await changeHanakoPassword(page, 'Spoken-Never9');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await expect(page.getByText('Spoken-Never9')).toBeVisible();
  // 「11文字入力済み」 for Hanako_2026, and the print view's note instead of the password.
  await expect.poll(() => spy.heard()).toMatch(/11モジ/);
  await expect.poll(() => spy.heard()).toContain('ヒカエにインサツされています');
  const heard = spy.heard();
  for (const secret of ['Hanako_2026', 'Wrong-pass1', 'Spoken-Never9', 'Spoken', 'Never9']) {
    expect(heard).not.toContain(secret);
    expect(kiosk.output()).not.toContain(secret);
  }
});

test.describe('with a short idle time', () => {
  test.use({ idle: { KIOSK_IDLE_SECONDS: '10', KIOSK_IDLE_WARNING_SECONDS: '10' } });

  test('speech doubles the idle time, and the idle warning is said with its countdown (and laid out at 1.5× text)', async ({ page, spy }) => {
    await page.getByRole('button', { name: '音声案内' }).click();
    await page.getByRole('button', { name: '文字を大きく' }).click();
    await page.getByRole('button', { name: 'ハイコントラスト' }).click();
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    const shownAt = Date.now();
    const warning = page.getByRole('alertdialog', { name: 'まだ操作を続けますか' });
    await expect(warning).toBeVisible({ timeout: 30_000 });
    // 10 s of idle time doubled to 20 before the warning.
    expect(Date.now() - shownAt).toBeGreaterThan(19_000);
    await checkLayoutAtBothSizes(page, 'idle-warning');
    await expect.poll(() => spy.heard()).toContain('まだソウサをツヅケますか');
    await expect.poll(() => spy.heard(), { timeout: 15_000 }).toMatch(/あと\s*5ビョウ/);
    expect(spy.heard()).not.toMatch(/あと\s*[6-9]ビョウ/);
    await warning.getByRole('button', { name: '操作を続ける' }).click();
  });
});
