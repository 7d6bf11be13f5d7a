// Part of `npm run bench` (run with tsx): the store at 1,000,000 customers.
// Sign-in lookup (by the ID's key, through the repo, KDF excluded) and the ID
// change commit transaction (the same repo calls id-change-service makes: read
// the customer, check the new key is free, update, audit row, two outbox rows).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itscomIdKey } from '../shared/domain/itscom-id';
import { calendarDay } from '../shared/domain/calendar-day';
import { contactChangedMail, idChangedMail } from '../electron/core/mail/templates';
import { createCustomersRepo } from '../electron/core/store/customers-repo';
import { DATABASE_FILE, openDatabase } from '../electron/core/store/database';
import { createOutboxRepo } from '../electron/core/store/outbox-repo';
import { createProceduresRepo } from '../electron/core/store/procedures-repo';
import { createTransact } from '../electron/core/store/transaction';

const CUSTOMERS = Number(process.argv[2] ?? 1_000_000);
const LOOKUPS = 20_000;
const COMMITS = 2_000;
// A syntactically valid hash: the KDF is not what is measured here.
const HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const idOf = (i: number) => `customer${i}@example.jp`;
const random = (n: number) => Math.floor(Math.random() * n);

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
try {
  const db = openDatabase(dir);
  const customers = createCustomersRepo(db);
  const procedures = createProceduresRepo(db);
  const outbox = createOutboxRepo(db);
  const transact = createTransact(db);
  const now = Date.now();

  const filled = performance.now();
  const BATCH = 50_000;
  for (let start = 0; start < CUSTOMERS; start += BATCH) {
    transact(() => {
      for (let i = start; i < Math.min(CUSTOMERS, start + BATCH); i += 1) {
        const itscomId = idOf(i);
        customers.insert(
          { itscomId, itscomIdKey: itscomIdKey(itscomId), isLegacyId: false, passwordHash: HASH, contactMail: itscomId, planName: 'かっとびメガ160', renewalFrom: '2026-04', renewalTo: '2028-03', contractStart: '2014-04-01' },
          now,
        );
      }
    });
  }
  const fillSeconds = (performance.now() - filled) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');

  const lookups: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const key = itscomIdKey(idOf(random(CUSTOMERS)));
    const t = performance.now();
    const found = customers.findByKey(key);
    lookups.push(performance.now() - t);
    if (!found) throw new Error('lookup missed');
  }

  const commits: number[] = [];
  const changedOn = calendarDay(now);
  for (let i = 0; i < COMMITS; i += 1) {
    const id = 1 + random(CUSTOMERS);
    const newItscomId = `moved.${i}.${id}@example.net`;
    const t = performance.now();
    transact(() => {
      const customer = customers.findById(id)!;
      const key = itscomIdKey(newItscomId);
      if (customers.findByKey(key)) throw new Error('taken');
      customers.changeItscomId(id, { itscomId: newItscomId, itscomIdKey: key, isLegacyId: false, contactMail: newItscomId }, now);
      const procedureId = procedures.record({ customerId: id, kind: 'id_change', outcome: 'completed', at: now });
      const mail = (content: ReturnType<typeof idChangedMail>, to: string, kind: string) =>
        outbox.enqueue({ ...content, kind, to, from: 'mypage@itscom.jp', messageId: `<${randomUUID()}@bench>`, hasSecretSlot: false, procedureId }, now);
      mail(idChangedMail(newItscomId, changedOn), newItscomId, 'id_change_confirmation');
      mail(contactChangedMail(changedOn), customer.contactMail, 'contact_change_notice');
    });
    commits.push(performance.now() - t);
  }
  const sizeMb = statSync(join(dir, DATABASE_FILE)).size / 1024 / 1024;
  db.close();
  console.log(
    JSON.stringify({
      customers: CUSTOMERS,
      fillSeconds,
      sizeMb,
      lookupP50: percentile(lookups, 50),
      lookupP95: percentile(lookups, 95),
      commitP50: percentile(commits, 50),
      commitP95: percentile(commits, 95),
      synchronous: 'FULL (WAL)',
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
