// For scripts/soak.mjs (run with tsx): adds the soak's customers to a fresh
// data dir, all with one password (hashed once: the soak measures the kiosk,
// not 500 KDF runs at set-up).
import { itscomIdKey } from '../shared/domain/itscom-id';
import { hashPassword } from '../electron/core/auth/password-hash';
import { createCustomersRepo } from '../electron/core/store/customers-repo';
import { openDatabase } from '../electron/core/store/database';
import { createTransact } from '../electron/core/store/transaction';

const [dataDir, count, password] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(dataDir);
const customers = createCustomersRepo(db);
const passwordHash = await hashPassword(password);
createTransact(db)(() => {
  for (let i = 0; i < Number(count); i += 1) {
    const itscomId = `soak${i}@example.jp`;
    customers.insert(
      { itscomId, itscomIdKey: itscomIdKey(itscomId), isLegacyId: false, passwordHash, contactMail: itscomId, planName: 'かっとびメガ160', renewalFrom: '2026-04', renewalTo: '2028-03', contractStart: '2019-04-01' },
      Date.now(),
    );
  }
});
db.close();
