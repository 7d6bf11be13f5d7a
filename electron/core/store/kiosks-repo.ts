import { z } from 'zod';
import { atomically, lockSubject, type Executor } from './executor';

const kioskRow = z.object({
  id: z.string(),
  shop: z.string(),
  name: z.string(),
  version: z.string(),
  started_at: z.number().int(),
  last_beat_at: z.number().int(),
  stopped: z.union([z.literal(0), z.literal(1)]),
  in_use: z.union([z.literal(0), z.literal(1)]),
  printer_state: z.string(),
  printer_reasons: z.string(),
  outbox_backlog: z.number().int().min(0),
});
const reasons = z.array(z.string().max(200)).max(20);

/** One kiosk of a shop as its last heartbeat left it: never customer data. */
export interface KioskPresence {
  id: string;
  shop: string;
  name: string;
  version: string;
  startedAt: number;
  lastBeatAt: number;
  /** Ended on purpose (staff quit, shutdown): offline at once, not after missed beats. */
  stopped: boolean;
  /** A customer is signed in there. */
  inUse: boolean;
  printerState: string;
  printerReasons: string[];
  outboxBacklog: number;
}

export type KioskBeat = Pick<KioskPresence, 'version' | 'inUse' | 'printerState' | 'printerReasons' | 'outboxBacklog'>;

function toPresence(row: unknown): KioskPresence {
  const r = kioskRow.parse(row);
  let printerReasons: string[];
  try {
    printerReasons = reasons.parse(JSON.parse(r.printer_reasons));
  } catch {
    // A hand-edited row must not break staff mode: bad reasons read as none.
    printerReasons = [];
  }
  return {
    id: r.id,
    shop: r.shop,
    name: r.name,
    version: r.version,
    startedAt: r.started_at,
    lastBeatAt: r.last_beat_at,
    stopped: r.stopped === 1,
    inUse: r.in_use === 1,
    printerState: r.printer_state,
    printerReasons,
    outboxBacklog: r.outbox_backlog,
  };
}

/** The shop's kiosks and their heartbeats, in the shared store. */
export interface KiosksRepo {
  /**
   * Enters this kiosk (id, shop, name) as started. Another kiosk of the shop
   * with the same name that beat after `liveSince` and did not stop holds the
   * name: then nothing is written and that kiosk is returned. So does a live
   * kiosk with this kiosk's own id running elsewhere (another `instance`: a
   * copied data dir); the same instance restarting after a crash is itself.
   */
  register(
    kiosk: { id: string; shop: string; name: string; version: string; instance: string },
    now: number,
    liveSince: number,
  ): Promise<{ taken: 'name' | 'identity'; by: KioskPresence } | undefined>;
  beat(id: string, beat: KioskBeat, now: number): Promise<void>;
  stop(id: string, now: number): Promise<void>;
  /** The shop's kiosks heard from since `since` (a kiosk replaced long ago drops off the list; its rows keep its name). */
  inShop(shop: string, since: number): Promise<KioskPresence[]>;
}

export function createKiosksRepo(x: Executor): KiosksRepo {
  return {
    register: (kiosk, now, liveSince) =>
      atomically(x, async (tx) => {
        // Two kiosks starting with one name at once: the second waits here and then sees the first.
        await lockSubject(tx, `kiosk-name:${kiosk.shop}:${kiosk.name}`);
        await lockSubject(tx, `kiosk-id:${kiosk.id}`);
        const live = () => tx.db.selectFrom('kiosks').selectAll().where('stopped', '=', 0).where('last_beat_at', '>', liveSince);
        const holder = await live().where('shop', '=', kiosk.shop).where('name', '=', kiosk.name).where('id', '<>', kiosk.id).executeTakeFirst();
        if (holder) return { taken: 'name' as const, by: toPresence(holder) };
        const twin = await live().where('id', '=', kiosk.id).where('instance', '<>', kiosk.instance).executeTakeFirst();
        if (twin) return { taken: 'identity' as const, by: toPresence(twin) };
        const row = {
          shop: kiosk.shop,
          name: kiosk.name,
          version: kiosk.version,
          instance: kiosk.instance,
          started_at: now,
          last_beat_at: now,
          stopped: 0,
          in_use: 0,
        };
        await tx.db
          .insertInto('kiosks')
          .values({ id: kiosk.id, ...row })
          .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
          .execute();
        return undefined;
      }),
    beat: async (id, beat, now) => {
      await x.db
        .updateTable('kiosks')
        .set({
          version: beat.version,
          last_beat_at: now,
          stopped: 0,
          in_use: beat.inUse ? 1 : 0,
          printer_state: beat.printerState,
          printer_reasons: JSON.stringify(beat.printerReasons.slice(0, 20)),
          outbox_backlog: beat.outboxBacklog,
        })
        .where('id', '=', id)
        .execute();
    },
    stop: async (id, now) => {
      await x.db.updateTable('kiosks').set({ stopped: 1, in_use: 0, last_beat_at: now }).where('id', '=', id).execute();
    },
    inShop: async (shop, since) =>
      (await x.db.selectFrom('kiosks').selectAll().where('shop', '=', shop).where('last_beat_at', '>', since).orderBy('name').orderBy('id').execute()).map(toPresence),
  };
}
