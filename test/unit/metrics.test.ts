import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStoppedPrinter, enablePrinter, removePrinter } from '../support/cups';
import { kioskAt } from '../support/core-fixture';
import { freePort } from '../support/free-port';
import { TARO } from '../support/sign-in';
import { startTestCore, type TestCore } from '../support/test-core';
import { checkHealth, MAIL_STUCK_SECONDS } from '../../electron/core/metrics/health';
import { createLiveness } from '../../electron/core/lifecycle/liveness';

/**
 * What IT's Prometheus sees of a kiosk (KIOSK_METRICS_LISTEN): a real scrape
 * over HTTP, checked by promtool, against a real printer queue that staff
 * stop and start again. Nothing in it names a customer.
 */
const PRINTER = `MetricsPDF${process.pid}${process.env.TEST_STORE_ENGINE ?? ''}`;
let t: TestCore;
let base: string;

const scrape = async () => {
  const response = await fetch(`${base}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};
const health = async () => {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; problems: string[]; checks: Record<string, Record<string, unknown>> } };
};
/** The value of one series (labels as written in the scrape), or undefined when it is not there. */
const valueOf = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(series.replace('}', ',kiosk="テスト端末",shop="main"}')) || l.startsWith(`${series}{kiosk=`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

beforeAll(async () => {
  addStoppedPrinter(PRINTER);
  enablePrinter(PRINTER);
  const port = await freePort();
  t = await startTestCore({ metricsListen: { host: '127.0.0.1', port }, printer: PRINTER }, { printerPollMs: 100 });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await t?.stop();
  removePrinter(PRINTER);
});

describe('the metrics endpoint', () => {
  it('answers a scrape in the text format promtool accepts: up, version, store, mail, printer, process memory', async () => {
    const text = await scrape();
    expect(valueOf(text, 'kiosk_up')).toBe(1);
    expect(text).toMatch(/^kiosk_info\{version="\d+\.\d+\.\d+",mode="demo",engine="(sqlite|postgres)",kiosk="テスト端末",shop="main"\} 1$/m);
    expect(valueOf(text, 'kiosk_store_up')).toBe(1);
    expect(valueOf(text, 'kiosk_store_round_trip_seconds')).toBeGreaterThan(0);
    expect(valueOf(text, 'kiosk_outbox_pending')).toBe(0);
    expect(valueOf(text, 'kiosk_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(valueOf(text, 'kiosk_staff_calls_open')).toBe(0);
    expect(valueOf(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(promtool.error, 'promtool (Debian package "prometheus", installed by the set-up)').toBeUndefined();
    expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe('');
    expect(promtool.status).toBe(0);
  });

  it('counts procedures started, each step reached, completed and abandoned (and why), and calls for staff, without customer data', async () => {
    const customer = kioskAt(t.core, 'metrics-customer');
    expect(await customer.session.signIn(TARO)).toMatchObject({ ok: true });
    await customer.funnel.step({ kind: 'password_change', step: 'entry' });
    await customer.funnel.step({ kind: 'password_change', step: 'confirm' });
    await customer.funnel.step({ kind: 'password_change', step: 'entry' });
    await customer.session.signOut({ reason: 'idle' });
    const other = kioskAt(t.core, 'metrics-other');
    await other.funnel.step({ kind: 'password_reset', step: 'id' });
    await other.funnel.leave({ reason: 'back' });
    await other.funnel.step({ kind: 'password_reset', step: 'id' });
    await other.funnel.step({ kind: 'password_reset', step: 'done' });
    await other.support.call();

    const text = await scrape();
    expect(valueOf(text, 'kiosk_procedures_started_total{kind="password_change"}')).toBe(1);
    // 「戻る」 back to a step already reached does not count it twice.
    expect(valueOf(text, 'kiosk_procedure_steps_total{kind="password_change",step="entry"}')).toBe(1);
    expect(valueOf(text, 'kiosk_procedure_steps_total{kind="password_change",step="confirm"}')).toBe(1);
    expect(valueOf(text, 'kiosk_procedures_abandoned_total{kind="password_change",step="entry",reason="idle"}')).toBe(1);
    expect(valueOf(text, 'kiosk_procedures_started_total{kind="password_reset"}')).toBe(2);
    expect(valueOf(text, 'kiosk_procedures_abandoned_total{kind="password_reset",step="id",reason="back"}')).toBe(1);
    expect(valueOf(text, 'kiosk_procedures_completed_total{kind="password_reset"}')).toBe(1);
    expect(valueOf(text, 'kiosk_staff_calls_open')).toBe(1);
    expect(valueOf(text, 'kiosk_staff_call_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    for (const secret of [TARO.itscomId, TARO.password, 'taro.yamada']) expect(text).not.toContain(secret);
    // The shop's day counts the same events (the staff overview's funnel).
    const staff = kioskAt(t.core, 'metrics-staff');
    expect(await staff.staff.unlock({ number: '2001', pin: '135790' })).toMatchObject({ ok: true });
    const overview = await staff.staff.overview();
    expect(overview.ok && overview.value.funnel.find((f) => f.kind === 'password_reset')).toMatchObject({
      started: 2,
      completed: 1,
      steps: [{ step: 'id', reached: 2, abandoned: { back: 1 } }, { step: 'code', reached: 0 }, { step: 'password', reached: 0 }, { step: 'done', reached: 1 }],
    });
    await staff.staff.lock();
  });

  it('/healthz is not ready until the page answers, and ready (200) once it does', async () => {
    const before = await health();
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ ready: false, checks: { store: { ok: true } } });
    expect(before.body.problems).toContain('the kiosk page is not up yet');
    t.core.liveness.pageAnswered();
    const after = await health();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ready: true, checks: { store: { ok: true }, page: { ok: true }, printer: { ok: true }, hours: { open: true } } });
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('a printer staff stopped shows in the metrics, in /healthz and on the customer screens before anyone starts; started again, it clears', async () => {
    const customer = kioskAt(t.core, 'printer-window');
    expect(await customer.kiosk.status({ fresh: true })).toMatchObject({ ok: true, value: { canPrint: true } });
    spawnSync('cupsdisable', [PRINTER]);
    await expect.poll(async () => valueOf(await scrape(), 'kiosk_printer_ready'), { timeout: 10_000 }).toBe(0);
    const text = await scrape();
    expect(valueOf(text, 'kiosk_printer_state{state="stopped"}')).toBe(1);
    expect(valueOf(text, 'kiosk_printer_state{state="idle"}')).toBe(0);
    expect((await health()).body.problems).toContainEqual(expect.stringMatching(/^printer: printer_offline/));
    expect(await customer.kiosk.status()).toMatchObject({ ok: true, value: { canPrint: false } });
    spawnSync('cupsenable', [PRINTER]);
    expect(await customer.kiosk.status({ fresh: true })).toMatchObject({ ok: true, value: { canPrint: true } });
    await expect.poll(async () => valueOf(await scrape(), 'kiosk_printer_ready'), { timeout: 10_000 }).toBe(1);
  });
});

describe('the health check', () => {
  const sources = (over: Partial<Parameters<typeof checkHealth>[0]> = {}) => {
    const liveness = createLiveness();
    liveness.pageAnswered();
    return {
      version: '1.0.0',
      mode: 'production' as const,
      engine: 'postgres' as const,
      kiosk: { name: 'a', shop: 'main' },
      pingStore: async () => undefined,
      pendingMail: async () => ({ count: 0, oldestAt: null }),
      printer: () => ({ name: 'P', state: 'idle' as const, reasons: [], problem: null }),
      openCalls: async () => [],
      hours: () => ({ open: true, nextOpening: null }),
      liveness,
      now: () => 1_000_000_000,
      ...over,
    };
  };

  it('calls mail stuck once its oldest has waited MAIL_STUCK_SECONDS, and says how many wait', async () => {
    const at = 1_000_000_000;
    const report = await checkHealth(sources({ pendingMail: async () => ({ count: 3, oldestAt: at - MAIL_STUCK_SECONDS * 1000 }) }));
    expect(report).toMatchObject({ ready: true, checks: { mail: { ok: false, pending: 3, oldestAgeSeconds: MAIL_STUCK_SECONDS } } });
    expect(report.problems).toEqual(['mail: 3 waiting, the oldest for 15 min']);
  });

  it('a store that refuses is not ready, and says why; closed hours are a problem but not unreadiness', async () => {
    const driverSays = 'password authentication failed for user "kiosk_shop7" at db-primary.itscom.internal:5432';
    const logged: string[] = [];
    const report = await checkHealth(
      sources({ pingStore: async () => Promise.reject(new Error(driverSays)), storeFailed: (detail) => logged.push(detail), hours: () => ({ open: false, nextOpening: 0 }) }),
    );
    expect(report).toMatchObject({ ready: false, checks: { store: { ok: false, error: 'store unavailable' }, hours: { open: false } } });
    expect(report.problems).toEqual(['store unreachable: store unavailable', 'outside opening hours']);
    // Whoever asks /healthz learns no host, user or database; the kiosk's log has the driver's words.
    expect(JSON.stringify(report)).not.toMatch(/kiosk_shop7|db-primary|5432/);
    expect(logged).toEqual([driverSays]);
  });
});
