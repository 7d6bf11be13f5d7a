import type { Executor } from './executor';
import { parseStoredJson } from './settings-repo';

/**
 * Key → JSON value, for this kiosk's shop: what the shop decides once for all
 * its kiosks (its opening hours). Callers parse what they read with their own schema.
 */
export interface ShopSettingsRepo {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function createShopSettingsRepo({ db }: Executor, shop: string): ShopSettingsRepo {
  return {
    get: async (key) => {
      const row = await db.selectFrom('shop_settings').select('value').where('shop', '=', shop).where('key', '=', key).executeTakeFirst();
      return row && parseStoredJson(row.value);
    },
    set: async (key, value) => {
      const json = JSON.stringify(value);
      await db
        .insertInto('shop_settings')
        .values({ shop, key, value: json })
        .onConflict((conflict) => conflict.columns(['shop', 'key']).doUpdateSet({ value: json }))
        .execute();
    },
  };
}
