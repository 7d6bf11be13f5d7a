import type { Executor } from './executor';

/**
 * Key → JSON value, for this kiosk only: settings belong to the device (its
 * printer, its paper, its staff PIN), so on a shared store each kiosk reads and
 * writes its own rows. Callers parse what they read with their own schema.
 */
export interface SettingsRepo {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createSettingsRepo({ db }: Executor, kioskId: string): SettingsRepo {
  return {
    get: async (key) => {
      const row = await db.selectFrom('kiosk_settings').select('value').where('kiosk_id', '=', kioskId).where('key', '=', key).executeTakeFirst();
      return row && parseStoredJson(row.value);
    },
    set: async (key, value) => {
      const json = JSON.stringify(value);
      await db
        .insertInto('kiosk_settings')
        .values({ kiosk_id: kioskId, key, value: json })
        .onConflict((conflict) => conflict.columns(['kiosk_id', 'key']).doUpdateSet({ value: json }))
        .execute();
    },
    delete: async (key) => {
      await db.deleteFrom('kiosk_settings').where('kiosk_id', '=', kioskId).where('key', '=', key).execute();
    },
  };
}

/** A settings row's JSON; unreadable text (a hand-edited row) reads as no value: the caller's schema decides the rest. */
export function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
