import type { Page } from '@playwright/test';
import { expect, test as base } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { openKeypad, type Keypad } from '../support/keypad';
import { speechSpy, speechSpyFixture, startNullSink, type NullSink, type Heard } from '../support/null-sink';
import { startXDisplay, type XDisplay } from '../support/x-display';

/**
 * The room hears no secret, key by key. A customer with 「音声案内」 on moves
 * over the on-screen keyboard by the keypad (real X keys) while it types into
 * the password: what the speech engine is asked to say (a spy first on the
 * kiosk's PATH copies its input) and what each output plays (a PulseAudio
 * server of the test's own: the shop's speaker, and a headset where the shop
 * has one) are what is checked. The same moves over the ID field are said, key
 * by key: the control that shows the moves are heard at all.
 */
const test = base.extend<{ x: XDisplay; sink: NullSink & { headset: Heard | undefined }; spy: ReturnType<typeof speechSpy>; headset: boolean; keypad: Keypad }>({
  headset: [false, { option: true }],
  x: async ({}, use) => {
    const x = await startXDisplay();
    await use(x);
    await x.stop();
  },
  sink: async ({ headset }, use) => {
    const sink = await startNullSink({ headset });
    await use(sink);
    await sink.stop();
  },
  spy: speechSpyFixture,
  kiosk: async ({ shell, x, sink, spy, headset }, use) => {
    const env = { DISPLAY: x.display, KIOSK_SPEECH_ENGINE: 'espeak-ng', PULSE_SERVER: sink.server, PATH: spy.path, ...(headset ? { KIOSK_SPEECH_PRIVATE_SINK: 'kiosk_headset' } : {}) };
    const app = await launchKiosk({ shell, env });
    await use(app);
    await app.stop();
  },
  keypad: async ({ page, x }, use) => {
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await use(await openKeypad(page, x));
  },
});

/** The utterances the engine was given since `mark` (the spy's log holds one per line). */
const saidSince = (spy: ReturnType<typeof speechSpy>, mark: number) => spy.heard().slice(mark).split('\n').map((line) => line.trim()).filter(Boolean);

/**
 * From a text field: Enter into the on-screen keyboard, then six moves along
 * its keys, each given time to be said, then Escape back to the field, whose
 * name the guidance says last: every utterance of the moves was asked for by then.
 */
/** A text field as the guidance names it: its label, then its role (「入力欄」, read ニュウリョクラン; "text field"). */
const saysField = (field: string) => (text: string) => text.startsWith(field === 'iTSCOM ID' ? 'iTSCOM' : field) && /ニュウリョクラン|text field/.test(text);

async function sixKeysFrom(page: Page, keypad: Keypad, spy: ReturnType<typeof speechSpy>, field: string): Promise<{ utterances: string[]; keys: string[] }> {
  const fieldSaid = saysField(field);
  let mark = spy.heard().length;
  await keypad.focus(field);
  // The field's own description said first: the moves start after it.
  await expect.poll(() => saidSince(spy, mark).some(fieldSaid), { message: `${field}'s name was asked for`, timeout: 20_000 }).toBe(true);
  mark = spy.heard().length;
  await keypad.press('Return');
  const keys: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    await keypad.press('Right');
    keys.push(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.skbtn ?? ''));
    await page.waitForTimeout(400);
  }
  await keypad.press('Escape');
  await expect(page.locator(':focus')).toHaveAttribute('id', field === 'iTSCOM ID' ? 'field-itscomId' : 'field-password');
  // The field, said again as the focus comes back to it: the last utterance, and every one of the moves was asked for before it.
  await expect.poll(() => fieldSaid(saidSince(spy, mark).at(-1) ?? ''), { message: `${field}'s name was asked for again, last`, timeout: 20_000 }).toBe(true);
  return { utterances: saidSince(spy, mark).slice(0, -1), keys };
}

async function toSignIn(page: Page, keypad: Keypad, spy: ReturnType<typeof speechSpy>): Promise<void> {
  // The keypad's speech key (*) turns 「音声案内」 on.
  await keypad.press('asterisk');
  await expect(page.getByRole('button', { name: '音声案内' })).toHaveAttribute('aria-pressed', 'true');
  const mark = spy.heard().length;
  await keypad.activate('マイページにログイン');
  await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  // The sign-in screen's words asked for (its heading, then its text), before any field is reached.
  await expect
    .poll(() => saidSince(spy, mark).some((text) => text.startsWith('マイページにログイン') && text.includes('パスワード')), { message: "the sign-in screen's words were asked for", timeout: 20_000 })
    .toBe(true);
}

test('over the password, moving along the keys says nothing that tells one key from another; over the ID, each key is said', async ({ page, keypad, spy }) => {
  test.setTimeout(90_000);
  await toSignIn(page, keypad, spy);

  const overId = await sixKeysFrom(page, keypad, spy, 'iTSCOM ID');
  expect(new Set(overId.keys).size).toBe(6);
  expect(new Set(overId.utterances).size, overId.utterances.join(' / ')).toBeGreaterThanOrEqual(6);

  const overPassword = await sixKeysFrom(page, keypad, spy, 'パスワード');
  expect(new Set(overPassword.keys).size).toBe(6);
  // Once, on the way in: that keys are not read aloud, and how to get help. Then nothing.
  expect(overPassword.utterances).toHaveLength(1);
  expect(new Set(overPassword.utterances).size).toBe(1);
  expect(overPassword.utterances[0]).toMatch(/サポート/);
  for (const key of overPassword.keys) expect(overPassword.utterances[0]!.split(/\s+/)).not.toContain(key);

  // In English too.
  await keypad.activate('Switch to English');
  // The screen said again in English first (it waits for the page to settle).
  await expect.poll(() => spy.heard()).toContain('Sign in to My Page');
  const english = await sixKeysFrom(page, keypad, spy, 'Password');
  expect(english.utterances).toEqual(['For your security, keys are not read aloud while you type a password, code or PIN. For help, choose “Help desk / support” to call a staff member.']);
});

test.describe('with a headset for private listening', () => {
  test.use({ headset: true });

  test('over the password, the keys are said on the headset, and only there', async ({ page, keypad, spy, sink }) => {
    test.setTimeout(90_000);
    await toSignIn(page, keypad, spy);
    const before = spy.heard().length;
    await keypad.focus('パスワード');
    // The field's name asked for (it cuts the screen's words short), then said to its end on the speaker before the moves begin.
    await expect.poll(() => saidSince(spy, before).some(saysField('パスワード')), { message: "the password field's name was asked for", timeout: 20_000 }).toBe(true);
    // Heard on the speaker (its sound starts after the engine was asked: a second's slack for the poll), then 1.5 s of quiet.
    const askedBy = Date.now() - 1_000;
    const heardToItsEnd = () => {
      const heard = sink.audibleBetween(askedBy, Date.now());
      return heard.length > 0 && Date.now() - heard.at(-1)!.at > 1_500;
    };
    await expect.poll(heardToItsEnd, { message: "the field's name was said to its end on the speaker before the moves", timeout: 20_000, intervals: [250] }).toBe(true);
    const movesFrom = Date.now();
    const mark = spy.heard().length;
    await keypad.press('Return');
    const keys: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      await keypad.press('Right');
      keys.push(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.skbtn ?? ''));
      await sink.headset!.soundAfter(Date.now(), 3_000);
      await page.waitForTimeout(300);
    }
    // Each key said (on the headset: heard there after each move), one utterance apiece, none of them the notice.
    await expect.poll(() => new Set(saidSince(spy, mark)).size, { message: 'six keys were asked for' }).toBeGreaterThanOrEqual(6);
    expect(saidSince(spy, mark).join(' ')).not.toMatch(/サポート/);
    // The headset quiet again: the speaker heard nothing the whole time.
    await expect.poll(() => sink.headset!.audibleBetween(Date.now() - 600, Date.now()).length, { message: 'the headset fell quiet after the moves', timeout: 20_000, intervals: [200] }).toBe(0);
    expect(sink.headset!.audibleBetween(movesFrom, Date.now()).length).toBeGreaterThan(0);
    expect(sink.audibleBetween(movesFrom, Date.now())).toEqual([]);
    expect(new Set(keys).size).toBe(6);
  });
});
