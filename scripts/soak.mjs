// A kiosk day: `npm run soak [-- sessions]` (default 500). One app run, one
// customer after another through the real UI: sign in, change the ID (code
// from the demo mailbox) or the password, print the slip through CUPS, then
// sign out — or walk away and let the idle reset end it. Reports the renderer's
// JS heap and the PSS of all app processes after warm-up and at the end, and
// fails if either grew by 10% or more. Writes bench/soak-results.json.
// `--quick` (the test command's smoke): a few sessions, the store checked, growth only reported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDisplay, freePort, kioskPage, startKiosk, treePssKb } from './kiosk-process.mjs';

ensureDisplay();

const QUICK = process.argv.includes('--quick');
const SESSIONS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? (QUICK ? 3 : 500));
const WARM_UP = Math.max(1, Math.min(50, Math.floor(SESSIONS / 5)));
/** Every this many sessions the customer walks away instead of signing out. */
const WALK_AWAY_EVERY = Number(process.env.SOAK_WALK_AWAY_EVERY ?? 50);
const PASSWORD = 'Soak_pass1';
const TIMEOUT = 60_000;

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/soak-seed.ts', dataDir, String(SESSIONS), PASSWORD], { stdio: 'inherit' });
const port = await freePort();
const app = startKiosk(dataDir, port, { KIOSK_IDLE_SECONDS: '10', KIOSK_IDLE_WARNING_SECONDS: '5' });
await app.ready;
const { browser, page } = await kioskPage(port);
page.setDefaultTimeout(TIMEOUT);
const cdp = await page.context().newCDPSession(page);

async function measure() {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return { heapMb: usedSize / 1024 / 1024, pssMb: treePssKb(app.child.pid).kb / 1024 };
}

async function printSlip() {
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await page.getByRole('button', { name: '印刷', exact: true }).click();
  await page.getByText('印刷しました。お受け取りください。').waitFor();
  await page.getByRole('button', { name: '閉じる' }).click();
}

async function session(i) {
  const itscomId = `soak${i}@example.jp`;
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(itscomId);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('heading', { name: 'マイページトップ' }).waitFor();
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  if (i % 2 === 0) {
    const newId = `soak${i}.moved@example.net`;
    await page.getByRole('link', { name: 'iTSCOM IDを変更' }).click();
    await page.getByLabel('新しいiTSCOM ID').fill(newId);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
    const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
    const mail = mailbox.getByRole('listitem').filter({ hasText: newId });
    for (let tries = 0; (await mail.count()) === 0 && tries < 50; tries += 1) await mailbox.getByRole('button', { name: '更新' }).click();
    const code = /認証コード: (\d{6})/.exec((await mail.first().textContent()) ?? '')[1];
    await mailbox.getByRole('button', { name: '閉じる' }).click();
    await page.getByLabel('認証コード', { exact: true }).fill(code);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: 'この内容で登録する' }).click();
    await page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' }).waitFor();
  } else {
    const next = `Soak/${i}/new`;
    await page.getByRole('link', { name: 'パスワードを変更' }).click();
    await page.getByLabel('現在のパスワード', { exact: true }).fill(PASSWORD);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
    await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill(next);
    await page.getByRole('button', { name: 'この内容で登録する' }).click();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' }).waitFor();
  }
  await printSlip();
  if (i % WALK_AWAY_EVERY === WALK_AWAY_EVERY - 1) {
    // The customer walks away: the idle warning, then the reset to the welcome screen.
    await page.getByRole('link', { name: 'マイページにログイン' }).waitFor({ timeout: TIMEOUT });
  } else {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('link', { name: 'マイページにログイン' }).waitFor();
  }
}

const started = performance.now();
let warm;
try {
  for (let i = 0; i < SESSIONS; i += 1) {
    await session(i);
    if (i + 1 === WARM_UP) warm = await measure();
    if ((i + 1) % 50 === 0) console.log(`[soak] ${i + 1}/${SESSIONS} sessions, ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  }
} finally {
  var end = await measure().catch(() => undefined);
  await browser.close().catch(() => undefined);
  await app.stop();
}
const store = new Database(join(dataDir, 'kiosk.sqlite3'), { readonly: true });
const db = Object.values(
  store
    .prepare(
      "SELECT (SELECT count(*) FROM procedures) AS a, (SELECT count(*) FROM outbox WHERE state = 'sent') AS b, (SELECT count(*) FROM outbox WHERE state <> 'sent') AS c, (SELECT count(*) FROM verification_codes WHERE state = 'active') AS d",
    )
    .get(),
);
store.close();
rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });

const growth = (a, b) => (b - a) / a;
const report = {
  measuredAt: new Date().toISOString(),
  sessions: SESSIONS,
  minutes: (performance.now() - started) / 60_000,
  warmUpSessions: WARM_UP,
  afterWarmUp: warm,
  atEnd: end,
  heapGrowth: growth(warm.heapMb, end.heapMb),
  pssGrowth: growth(warm.pssMb, end.pssMb),
  store: { procedures: db[0], mailsSent: db[1], mailsNotSent: db[2], activeCodes: db[3] },
};
console.table({
  'renderer JS heap (MB)': { afterWarmUp: warm.heapMb.toFixed(1), atEnd: end.heapMb.toFixed(1), growth: `${(report.heapGrowth * 100).toFixed(1)} %` },
  'all app processes, PSS (MB)': { afterWarmUp: warm.pssMb.toFixed(0), atEnd: end.pssMb.toFixed(0), growth: `${(report.pssGrowth * 100).toFixed(1)} %` },
});
console.log(`[soak] ${SESSIONS} sessions in ${report.minutes.toFixed(1)} min; store: ${JSON.stringify(report.store)}`);
// bench/ is git-ignored: a fresh clone has no such folder yet.
mkdirSync('bench', { recursive: true });
const resultsFile = QUICK ? 'bench/soak-results.quick.json' : 'bench/soak-results.json';
writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written: ${resultsFile}`);
const stored = report.store.procedures === SESSIONS && report.store.mailsNotSent === 0 && report.store.activeCodes === 0;
// A few sessions say nothing about growth: the quick run checks that the day's work was done.
const ok = stored && (QUICK || (report.heapGrowth < 0.1 && report.pssGrowth < 0.1));
console.log(ok ? `[soak] PASS: ${QUICK ? '' : 'growth under 10 %, '}every change recorded, every mail sent, no code left active` : '[soak] FAIL');
process.exit(ok ? 0 : 1);
