import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { SessionRegistry } from '../auth/session-registry';
import { FAILURE_WINDOW_MS } from '../auth/sign-in-service';
import { NUMBER_LEVEL_MS } from '../staff/staff-entry';
import { purgeAnchored } from '../audit/audit-anchors';
import type { ChangeJournal } from '../account/change-journal';
import type { ResourceStack } from '../lifecycle/resource-stack';
import type { Logger } from '../logger';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../../shared/config/kiosk-config';
import type { MailService } from '../mail/mail-service';
import { OFFLINE_AFTER_MS, startPresence } from '../shop/kiosk-presence';
import type { Base } from './open-base';
import type { Services } from './create-services';

/** How often expired codes, secrets and sessions are dropped. */
export const PURGE_INTERVAL_MS = 60_000;
/** How often idle staff windows are looked for: staff mode closes within a second of its idle time. */
const STAFF_SWEEP_MS = 1_000;
/** Beyond the screen's idle reset: a customer typing without submitting makes no calls. */
export const SESSION_GRACE_SECONDS = 5 * 60;

/** The purge round in progress, for tests that wait on it. */
export interface ShopDuties {
  purged(): Promise<void>;
}

/**
 * What the kiosk does on its own while it runs: its heartbeat to the shop,
 * the check for passwords changed at the shop's other kiosks, and the
 * minute's purge. Each stops (and is waited for) when the kiosk closes.
 */
export async function startShopDuties(
  resources: ResourceStack,
  { config, log, kiosk, store, now, settings }: Base,
  mail: MailService,
  sessions: SessionRegistry,
  { printerWatch, journal, staff }: Services,
  sessionCheckMs: number,
): Promise<ShopDuties> {
  const { attempts } = store;
  // Nothing is kept longer than needed: codes a day (for the hourly limit and
  // audit), code secrets until they expire, and a customer session no longer
  // than the screen's own idle reset plus a margin for slow typing.
  // The shop sees this kiosk from here on; a second live kiosk with its name stops this start.
  await resources.use(
    () =>
      startPresence({
        kiosks: store.kiosks,
        outbox: store.outbox,
        kiosk,
        instance: `${hostname()}:${resolve(config.dataDir)}`,
        now,
        log,
        state: async () => ({ inUse: sessions.size > 0, printer: printerWatch.current() }),
      }),
    (presence) => presence.stop(),
  );

  // Changes this kiosk made in the directory and had not recorded when it stopped; a directory away now is asked at the next purge round.
  await settleJournal(journal, log, { ownKiosk: true });

  // A password changed at another kiosk of the shop ends the customer's session here.
  everyWhileOpen(resources, sessionCheckMs, async () => {
    if (sessions.size === 0) return;
    const ended = sessions.endOutdated(await store.customers.passwordChanges(sessions.customerIds()));
    if (ended > 0) log.info('sessions ended: password changed at another kiosk', { ended });
  });

  // Staff mode ends when staff walk away, whatever the page does: the core closes an idle window itself.
  everyWhileOpen(resources, STAFF_SWEEP_MS, () => staff.closeIdle());

  const retentionMs = (config.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS) * 24 * 60 * 60_000;
  let auditPurgedAt = -Infinity;
  let purging: Promise<void> = Promise.resolve();
  const purge = setInterval(() => {
    // Once a day: audit rows past the retention, oldest first (a role without DELETE leaves it to IT's purge: logged).
    const auditDue = now() - auditPurgedAt >= 24 * 60 * 60_000;
    if (auditDue) auditPurgedAt = now();
    mail.secrets.purge(now());
    const { idleSeconds, idleWarningSeconds } = settings.current();
    const expired = sessions.expireIdle(now() - (idleSeconds + idleWarningSeconds + SESSION_GRACE_SECONDS) * 1000);
    if (expired > 0) log.info('idle sessions ended by the core', { expired });
    purging = Promise.all([
      store.codes.purge(now() - 24 * 60 * 60_000),
      store.rateEvents.purge(now() - 24 * 60 * 60_000),
      attempts.purge(now(), FAILURE_WINDOW_MS, NUMBER_LEVEL_MS),
      // A code mail of a kiosk that is gone cannot be sent with its code: its procedure died with that kiosk.
      store.outbox.expireOrphanedCodeMails(now() - OFFLINE_AFTER_MS, 'the kiosk that held its code stopped'),
      // Directory changes any kiosk left unrecorded when it stopped.
      settleJournal(journal, log, { ownKiosk: false }),
      auditDue ? purgeAnchored(store.audit, now() - retentionMs, log, kiosk.shop) : 0,
      // The funnel's rows serve the day's report and the overview: 90 days are kept for a look back.
      auditDue ? store.funnel.purge(now() - 90 * 24 * 60 * 60_000) : 0,
    ]).then(
      () => undefined,
      (error: unknown) => {
        // A full, locked or unreachable store: the next round purges instead.
        log.warn('purge skipped', { error: error instanceof Error ? error.message : 'unknown' });
      },
    );
  }, PURGE_INTERVAL_MS);
  purge.unref();
  resources.defer(async () => {
    clearInterval(purge);
    await purging;
  });
  return { purged: () => purging };
}

/** Records (or drops) the journal's changes left behind; a store or directory away is logged, and asked again at the next round. */
async function settleJournal(journal: ChangeJournal, log: Logger, scope: { ownKiosk: boolean }): Promise<void> {
  try {
    const settled = await journal.settleLeftBehind(scope);
    if (settled.recorded + settled.not_made + settled.gone > 0) log.info('journalled account changes settled', settled);
  } catch (error) {
    log.warn('journalled account changes not settled yet', { error: error instanceof Error ? error.message : 'unknown' });
  }
}

/**
 * `round` every `ms` until the kiosk closes, one round at a time (a round
 * still running skips the tick); the close waits for the last round. A round
 * that fails (a store away for a moment, an audit row not written, which the
 * trail has logged) is tried again at the next tick.
 */
function everyWhileOpen(resources: ResourceStack, ms: number, round: () => Promise<unknown>): void {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= round()
      .then(() => undefined, () => undefined)
      .finally(() => (running = undefined));
  }, ms);
  timer.unref();
  resources.defer(async () => {
    clearInterval(timer);
    await running;
  });
}

