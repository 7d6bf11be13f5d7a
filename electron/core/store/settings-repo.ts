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
      if (row === undefined) return undefined;
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        return undefined;
      }
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
