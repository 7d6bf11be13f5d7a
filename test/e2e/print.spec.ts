import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import {
  addStoppedPrinter,
  enablePrinter,
  flat,
  pdfInfo,
  pdfText,
  printedPdfsContaining,
  removePrinter,
  renderPng,
  unembeddedFonts,
} from '../support/cups';
import { changeHanakoPassword, changeTaroIdWithDemoMailbox } from '../support/flows';

const MM = 72 / 25.4;
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}年${String(d.getMonth() + 1).padStart(2, '0')}月${String(d.getDate()).padStart(2, '0')}日`;
};

// Real printing: the system default printer is the cups-pdf virtual printer (.ci/run sets it up).
const test = base.extend<{ paper: 'a4' | 'roll80'; printer: string | undefined }>({
  paper: ['a4', { option: true }],
  printer: [undefined, { option: true }],
  kiosk: async ({ shell, paper, printer }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_PAPER_SIZE: paper, KIOSK_SHOP_NAME: '二子玉川カウンター', ...(printer ? { KIOSK_PRINTER: printer } : {}) } });
    await use(app);
    await app.stop();
  },
});

test('the password slip prints through CUPS: one A4 page with the manual\'s wording, no browser header', async ({ page, shot }, info) => {
  const newPassword = `Slip.${randomBytes(4).toString('hex')}`;
  await changeHanakoPassword(page, newPassword);
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await page.getByRole('button', { name: '印刷' }).click();
  await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
  await shot('60-password-printed');

  const [pdf, ...others] = printedPdfsContaining(newPassword);
  expect(others).toEqual([]);
  expect(pdf).toBeDefined();
  const { pages, width, height } = pdfInfo(pdf!);
  expect(pages).toBe(1);
  expect(Math.round(width)).toBe(595);
  expect(Math.round(height)).toBe(842);
  const text = pdfText(pdf!);
  for (const expected of ['iTSCOM My PAGE', 'iTSCOM IDのパスワード', 'あなたの登録情報です。大切に保管してください。', '新パスワード', newPassword, '変更日', today(), '二子玉川カウンター']) {
    expect(text).toContain(flat(expected));
  }
  expect(text).not.toMatch(/kiosk\.invalid|about:blank|https?:\/\//);
  expect(text).not.toContain('hanako');
  expect(unembeddedFonts(pdf!)).toEqual([]);
  renderPng(pdf!, join('test-results', 'screens', (info.project.use as { shell?: string }).shell ?? 'chromium', '61-password-slip'));
  rmSync(pdf!);
});

test.describe('on an 80 mm receipt roll', () => {
  test.use({ paper: 'roll80' });

  test('the ID slip prints on one 80 mm page with the new ID and the date', async ({ page }, info) => {
    const newId = `slip.${randomBytes(3).toString('hex')}@example.com`;
    await changeTaroIdWithDemoMailbox(page, newId);
    await page.getByRole('link', { name: '印刷用画面へ' }).click();
    await page.getByRole('button', { name: '印刷' }).click();
    await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });

    const [pdf] = printedPdfsContaining(newId);
    expect(pdf).toBeDefined();
    const { pages, width, height } = pdfInfo(pdf!);
    expect(pages).toBe(1);
    expect(width / MM).toBeCloseTo(80, 0);
    expect(height / MM).toBeCloseTo(110, 0);
    const text = pdfText(pdf!);
    for (const expected of ['iTSCOM My PAGE', 'iTSCOM ID', '新しいiTSCOM ID', newId, '変更日', today()]) {
      expect(text).toContain(flat(expected));
    }
    expect(text).not.toContain('yamada.taro');
    renderPng(pdf!, join('test-results', 'screens', (info.project.use as { shell?: string }).shell ?? 'chromium', '62-id-slip-roll80'));
    rmSync(pdf!);
  });
});

test.describe('with a stopped printer', () => {
  const stopped = `KioskStopped${randomBytes(3).toString('hex')}`;
  test.use({ printer: stopped });
  test.beforeAll(() => addStoppedPrinter(stopped));
  test.afterAll(() => removePrinter(stopped));

  test('the error says what to do, the slip stays, and a retry prints once the printer is back', async ({ page, shot }) => {
    const newPassword = `Retry.${randomBytes(4).toString('hex')}`;
    await changeHanakoPassword(page, newPassword);
    await page.getByRole('link', { name: '印刷用画面へ' }).click();
    await page.getByRole('button', { name: '印刷' }).click();
    await expect(page.getByRole('alert')).toHaveText(/プリンターに接続できないため印刷できませんでした。お近くのスタッフにお声がけください。/);
    await expect(page.getByRole('region', { name: 'iTSCOM IDのパスワード' })).toContainText(newPassword);
    await shot('63-print-printer-offline');
    expect(printedPdfsContaining(newPassword)).toEqual([]);

    enablePrinter(stopped);
    await page.getByRole('button', { name: '印刷' }).click();
    await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
    const printed = printedPdfsContaining(newPassword);
    expect(printed).toHaveLength(1);
    rmSync(printed[0]!);
  });
});
