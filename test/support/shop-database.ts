import { afterEach, beforeEach } from 'vitest';
import { seedDemoCustomers } from '../../electron/core/store/demo-seed';
import { openStore } from '../../electron/core/store/store';
import { SmtpSink } from './smtp-sink';
import { makeTempDir } from './temp-dir';
import { testDatabaseUrl } from './test-store';

/** What a shop test works with: the shared store's URL and folder, the shop's relay, and what to close after the test. */
export interface ShopDatabase {
  dir: string;
  databaseUrl: string;
  sink: SmtpSink;
  /** Closed in reverse after each test (kiosks, child processes). */
  closers: (() => Promise<unknown>)[];
}

/**
 * For each test of the file: a fresh PostgreSQL database for a shop of kiosks,
 * seeded with the demo's two customers (by their published passwords) as a
 * shop's own customers, and a relay on loopback. The returned object is
 * refilled before each test.
 */
export function useShopDatabase(): ShopDatabase {
  const shop = {} as ShopDatabase;
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(async () => {
    temp = makeTempDir();
    shop.dir = temp.dir;
    shop.databaseUrl = testDatabaseUrl(temp.dir);
    shop.sink = await new SmtpSink().start();
    shop.closers = [];
    const store = await openStore({ dataDir: temp.dir, databaseUrl: shop.databaseUrl, kioskId: 'seeder' });
    await seedDemoCustomers(store, Date.now());
    await store.close();
  });
  afterEach(async () => {
    for (const close of shop.closers.splice(0).reverse()) await close();
    await shop.sink.stop();
    temp.cleanup();
  });
  return shop;
}
