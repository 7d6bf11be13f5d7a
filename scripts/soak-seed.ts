// For scripts/soak.mjs (run with tsx): adds the soak's customers to a fresh
// data dir, all with one password (hashed once: the soak measures the kiosk,
// not 500 KDF runs at set-up). KIOSK_DATABASE_URL, if set, names the store.
// They are demo data (the soak reads codes from the demo mailbox): marked as the
// demo's, so the demo kiosk that serves them may start on the store.
import { itscomIdKey } from '../shared/domain/itscom-id';
import { hashPassword } from '../electron/core/auth/password-hash';
import { openStore } from '../electron/core/store/store';

const [dataDir, count, password] = process.argv.slice(2) as [string, string, string];
const store = await openStore({ dataDir, databaseUrl: process.env.KIOSK_DATABASE_URL, kioskId: 'soak-seed' });
const passwordHash = await hashPassword(password);
await store.transaction(async ({ customers }) => {
  for (let i = 0; i < Number(count); i += 1) {
    const itscomId = `soak${i}@example.jp`;
    await customers.insert(
      { itscomId, itscomIdKey: itscomIdKey(itscomId), isLegacyId: false, passwordHash, contactMail: itscomId, planName: 'かっとびメガ160', renewalFrom: '2026-04', renewalTo: '2028-03', contractStart: '2019-04-01', demoSeeded: true },
      Date.now(),
    );
  }
});
await store.close();
