import { settleWithin } from '../lifecycle/settle-within';
import type { MetricsSources } from './kiosk-metrics';

/** How long the store may take to answer before health calls it unreachable. */
export const STORE_CHECK_TIMEOUT_MS = 3_000;

/** `/healthz`: ready or not and why, and what each check found. Never a customer's data. */
export interface HealthReport {
  ready: boolean;
  /** Why the kiosk is not ready, or what needs looking at while it is (printer, mail, closed). */
  problems: string[];
  checks: {
    store: { ok: boolean; ms?: number; error?: string };
    page: { ok: boolean; lastAnswerSecondsAgo: number | null };
    printer: { ok: boolean; state: string; problem: string | null; reasons: string[] };
    mail: { ok: boolean; pending?: number; oldestAgeSeconds?: number };
    calls: { open?: number; oldestAgeSeconds?: number };
    hours: { open: boolean; nextOpening: string | null };
  };
}

/** Mail older than this in the outbox is stuck (the alert rule in docs/operations.md says the same). */
export const MAIL_STUCK_SECONDS = 15 * 60;

/**
 * The kiosk's health, checked now: ready means a customer can be served (the
 * store answers and the page on screen answers). A stopped printer, stuck mail
 * or closed hours are problems for IT but not a reason to restart the kiosk.
 */
export async function checkHealth(sources: MetricsSources): Promise<HealthReport> {
  const problems: string[] = [];
  const at = sources.now();
  const started = performance.now();
  const pinged = await settleWithin(sources.pingStore(), STORE_CHECK_TIMEOUT_MS);
  // The driver's error names hosts, users and databases: it is logged, and /healthz (anyone who can reach it) gets a fixed word.
  if (pinged.state === 'rejected') sources.storeFailed?.(pinged.reason instanceof Error ? pinged.reason.message.slice(0, 300) : 'unknown');
  const store: HealthReport['checks']['store'] =
    pinged.state === 'fulfilled'
      ? { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 }
      : { ok: false, error: pinged.state === 'late' ? `no answer in ${STORE_CHECK_TIMEOUT_MS} ms` : 'store unavailable' };
  if (!store.ok) problems.push(`store unreachable: ${store.error}`);

  const lastAnswer = sources.liveness.lastPageAnswerAt();
  const page = { ok: sources.liveness.pageAnswering(), lastAnswerSecondsAgo: lastAnswer === undefined ? null : Math.round((Date.now() - lastAnswer) / 1000) };
  if (!page.ok) problems.push(lastAnswer === undefined ? 'the kiosk page is not up yet' : 'the kiosk page does not answer');

  const status = sources.printer();
  const printer = { ok: status.problem === null, state: status.state, problem: status.problem, reasons: status.reasons };
  if (status.problem) problems.push(`printer: ${status.problem}${status.reasons.length ? ` (${status.reasons.join(', ')})` : ''}`);

  let mail: HealthReport['checks']['mail'] = { ok: store.ok };
  let calls: HealthReport['checks']['calls'] = {};
  if (store.ok) {
    const [pending, open] = await Promise.all([sources.pendingMail().catch(() => undefined), sources.openCalls().catch(() => undefined)]);
    if (pending) {
      const oldestAgeSeconds = pending.oldestAt === null ? 0 : Math.max(0, Math.round((at - pending.oldestAt) / 1000));
      mail = { ok: oldestAgeSeconds < MAIL_STUCK_SECONDS, pending: pending.count, oldestAgeSeconds };
      if (!mail.ok) problems.push(`mail: ${pending.count} waiting, the oldest for ${Math.round(oldestAgeSeconds / 60)} min`);
    }
    if (open) calls = { open: open.length, oldestAgeSeconds: open.length === 0 ? 0 : Math.max(0, Math.round((at - Math.min(...open.map((c) => c.at))) / 1000)) };
  }

  const state = sources.hours();
  const hours = { open: state.open, nextOpening: state.nextOpening === null ? null : new Date(state.nextOpening).toISOString() };
  if (!state.open) problems.push('outside opening hours');

  return { ready: store.ok && page.ok, problems, checks: { store, page, printer, mail, calls, hours } };
}
