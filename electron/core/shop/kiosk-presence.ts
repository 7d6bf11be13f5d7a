import type { PrinterStatusView } from '../../../shared/contract/models';
import { version as appVersion } from '../../../package.json';
import type { Logger } from '../logger';
import type { KioskPresence, KiosksRepo } from '../store/kiosks-repo';
import type { OutboxRepo } from '../store/outbox-repo';

/** How often each kiosk tells the shop it is alive. */
export const BEAT_MS = 15_000;
/** A kiosk that missed three beats is offline to staff, and its code mails can no longer be sent. */
export const OFFLINE_AFTER_MS = 3 * BEAT_MS;

/** Another live kiosk of the shop already has this kiosk's name. */
export class KioskNameTakenError extends Error {
  override name = 'KioskNameTakenError';
}

export interface PresenceDeps {
  kiosks: KiosksRepo;
  outbox: Pick<OutboxRepo, 'backlog'>;
  kiosk: { id: string; name: string; shop: string };
  /** Where this kiosk runs (host and data dir): another live place with its id is a copied data dir. */
  instance: string;
  now: () => number;
  log: Logger;
  /** What the beat reports besides the backlog: a customer signed in or not, and the printer. Never who. */
  state: () => Promise<{ inUse: boolean; printer: PrinterStatusView }>;
}

export function isOnline(kiosk: Pick<KioskPresence, 'stopped' | 'lastBeatAt'>, now: number): boolean {
  return !kiosk.stopped && kiosk.lastBeatAt > now - OFFLINE_AFTER_MS;
}

/**
 * This kiosk's presence in its shop: registered at start (refused while a
 * live kiosk of the shop has its name), a heartbeat every 15 s with its
 * version, printer, outbox backlog and whether a customer is at it, and
 * marked stopped when it ends. A beat the store cannot take is skipped: the
 * kiosk serves on, and shows offline to the shop until the store is back.
 */
export async function startPresence(deps: PresenceDeps): Promise<{ beat(): Promise<void>; stop(): Promise<void> }> {
  const { kiosks, kiosk, now, log } = deps;
  const conflict = await kiosks.register({ ...kiosk, version: appVersion, instance: deps.instance }, now(), now() - OFFLINE_AFTER_MS);
  if (conflict?.taken === 'name') {
    throw new KioskNameTakenError(
      `another kiosk of shop "${kiosk.shop}" is named "${kiosk.name}" and is running (last heartbeat ${new Date(conflict.by.lastBeatAt).toISOString()}): ` +
        'give this kiosk its own KIOSK_NAME, or stop the other one first',
    );
  }
  if (conflict) {
    throw new KioskNameTakenError(
      `another kiosk runs with this kiosk's identity (${kiosk.id}, "${conflict.by.name}", last heartbeat ${new Date(conflict.by.lastBeatAt).toISOString()}): ` +
        'this data dir was copied from it. Remove kiosk-id in this data dir to make this PC a kiosk of its own, or stop the other one',
    );
  }
  // The beat in flight: stopping waits for it, so nothing is written (or logged) after the kiosk has closed.
  let beating: Promise<void> = Promise.resolve();
  const beatOnce = async () => {
    try {
      const [state, backlog] = await Promise.all([deps.state(), deps.outbox.backlog()]);
      await kiosks.beat(
        kiosk.id,
        { version: appVersion, inUse: state.inUse, printerState: state.printer.state, printerReasons: state.printer.reasons, outboxBacklog: backlog },
        now(),
      );
    } catch (error) {
      log.warn('heartbeat skipped', { error: error instanceof Error ? error.message : 'unknown' });
    }
  };
  // beatOnce logs a failed beat and never rejects: the beats may run unawaited.
  const beat = () => (beating = beating.then(beatOnce));
  const timer = setInterval(() => void beat(), BEAT_MS);
  timer.unref();
  void beat();
  return {
    beat,
    stop: async () => {
      clearInterval(timer);
      await beating;
      // An unreachable store cannot hear "stopped": the shop sees this kiosk offline when its beats stop.
      await kiosks.stop(kiosk.id, now()).catch(() => undefined);
    },
  };
}
