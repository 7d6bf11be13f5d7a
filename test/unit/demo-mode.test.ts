import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/core/config';
import { startCore } from '../../electron/core/kiosk-core';
import { seedDemoCustomers } from '../../electron/core/store/demo-seed';
import { openStore, type Store } from '../../electron/core/store/store';
import { makeTempDir } from '../support/temp-dir';
import { testConfig } from '../support/test-core';
import { engineDatabaseUrl, openTestStore } from '../support/test-store';

/**
 * Demo mode (the published PIN, codes on screen, a mailbox in memory) is for
 * the demo's own customers: never implied on a shared database, never over a
 * store with a customer the demo did not seed, and a demo kiosk never takes
 * another kiosk's mail.
 */
let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const realCustomer = {
  itscomId: 'real.customer@example.net',
  itscomIdKey: 'real.customer@example.net',
  isLegacyId: false,
  passwordHash: 'scrypt$1$1$1$x$y',
  contactMail: 'real.customer@example.net',
  planName: 'NET:1G',
  renewalFrom: '2027-01',
  renewalTo: '2027-03',
  contractStart: '2020-01-01',
};

describe('demo mode', () => {
  it('is never implied on a shared database: without a relay such a kiosk does not start and names what to set', async () => {
    const env = { KIOSK_DATA_DIR: temp.dir, KIOSK_DATABASE_URL: 'postgres://kiosk:pw@127.0.0.1:5432/shop' };
    expect(loadConfig(env)).toMatchObject({ demo: false });
    expect(loadConfig({ ...env, KIOSK_DEMO: '1' })).toMatchObject({ demo: true });
    // The embedded store stays the demo it always was.
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir })).toMatchObject({ demo: true });
    await expect(startCore({ config: testConfig(temp.dir, { demo: false, databaseUrl: engineDatabaseUrl(temp.dir) }) })).rejects.toThrow(
      /no mail relay: set KIOSK_SMTP_URL.*KIOSK_DEMO=1/,
    );
  });

  it('is refused at start on a store that holds a customer the demo did not seed, and releases everything it took', async () => {
    const store = await openTestStore(temp.dir);
    await store.customers.insert(realCustomer, Date.now());
    await store.close();
    const config = testConfig(temp.dir, { demo: true });
    await expect(startCore({ config })).rejects.toThrow(/demo mode refused: .* holds 1 customer\(s\) the demo did not seed/);
    // Nothing was seeded, no PIN stored, and the data dir's lock is free again for a real start.
    const after = await openTestStore(temp.dir);
    expect(await after.customers.count()).toBe(1);
    expect(await after.settings.get('staffPinHash')).toBeUndefined();
    await after.close();
    const core = await startCore({ config: testConfig(temp.dir, { demo: false, staffPin: '13579', smtpUrl: 'smtp://127.0.0.1:2525?tls=off' }) });
    await core.close();
  });

  it('runs on the demo\'s own customers, also after one of them changed the ID', async () => {
    const store = await openTestStore(temp.dir);
    await seedDemoCustomers(store, Date.now());
    const taro = (await store.customers.findByKey('yamada.taro'))!;
    await store.customers.changeItscomId(taro.id, { itscomId: 'taro@example.org', itscomIdKey: 'taro@example.org', isLegacyId: false, contactMail: 'taro@example.org' }, Date.now(), {
      ifVersion: taro.credentialVersion,
    });
    await store.close();
    const core = await startCore({ config: testConfig(temp.dir, { demo: true }) });
    await core.close();
  });

  it('a demo kiosk\'s outbox worker takes only the mail it queued itself', async () => {
    const stores: Store[] = [];
    const open = async (kioskId: string, ownMailOnly: boolean) => {
      const store = await openStore({ dataDir: temp.dir, databaseUrl: engineDatabaseUrl(temp.dir), kioskId, ownMailOnly });
      stores.push(store);
      return store;
    };
    try {
      const real = await open('real-kiosk', false);
      const demo = await open('demo-kiosk', true);
      const mail = (kind: string) => ({ kind, to: 'c@example.com', from: 'mypage@itscom.jp', subject: kind, text: 't', html: 'h', messageId: `<${kind}@t>`, hasSecretSlot: false });
      const now = Date.now();
      await real.outbox.enqueue(mail('real-notice'), now);
      await demo.outbox.enqueue(mail('demo-notice'), now);
      expect((await demo.outbox.claimDue('demo-worker', now, 10, now + 60_000)).map((m) => m.kind)).toEqual(['demo-notice']);
      expect((await real.outbox.claimDue('real-worker', now, 10, now + 60_000)).map((m) => m.kind)).toEqual(['real-notice']);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
