import type { Executor } from './executor';

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
        .insertInto('shop_settings')
        .values({ shop, key, value: json })
        .onConflict((conflict) => conflict.columns(['shop', 'key']).doUpdateSet({ value: json }))
        .execute();
    },
  };
}
