// Part of `npm run bench` (run with tsx): the store at 1,000,000 customers, on
// one engine (argv: engine, customers). Sign-in lookup (by the ID's key, through
// the repo, KDF excluded) and the ID change commit transaction (the same repo
// calls id-change-service makes: read the customer, check the new key is free,
// update, audit row, two outbox rows). PostgreSQL runs on a fresh database of
// the local server (as the tests reach it), dropped at the end.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { itscomIdKey } from '../shared/domain/itscom-id';
import { calendarDay } from '../shared/domain/calendar-day';
import { contactChangedMail, idChangedMail } from '../electron/core/mail/templates';
import { DATABASE_FILE } from '../electron/core/store/database';
import { openStore } from '../electron/core/store/store';
import { benchDatabase, fillCustomers, idOf, percentile, psql, random } from './bench-support';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const CUSTOMERS = Number(process.argv[3] ?? 1_000_000);
const LOOKUPS = 20_000;
const COMMITS = 2_000;

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const database = `kiosk_bench_${process.pid}`;
const server = engine === 'postgres' ? benchDatabase(database) : undefined;
const databaseUrl = server?.url;

try {
  const now = Date.now();
  // Created and migrated by the kiosk's own code, then filled, then measured through the repositories.
  await (await openStore({ dataDir: dir, databaseUrl, kioskId: 'bench' })).close();
  const fillSeconds = await fillCustomers(dir, databaseUrl, CUSTOMERS, now);
  if (databaseUrl) psql('VACUUM ANALYZE customers', databaseUrl);
  else {
    const file = new Database(join(dir, DATABASE_FILE));
    file.pragma('wal_checkpoint(TRUNCATE)');
    file.close();
  }
  const store = await openStore({ dataDir: dir, databaseUrl, kioskId: 'bench' });
  const { customers } = store;

  for (let i = 0; i < 200; i += 1) await customers.findByKey(itscomIdKey(idOf(random(CUSTOMERS))));
  const lookups: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const key = itscomIdKey(idOf(random(CUSTOMERS)));
    const t = performance.now();
    const found = await customers.findByKey(key);
    lookups.push(performance.now() - t);
    if (!found) throw new Error('lookup missed');
  }

  const commits: number[] = [];
  const changedOn = calendarDay(now);
  for (let i = 0; i < COMMITS; i += 1) {
    const id = 1 + random(CUSTOMERS);
    const newItscomId = `moved.${i}.${id}@example.net`;
    const t = performance.now();
    await store.transaction(async (tx) => {
      const customer = (await tx.customers.findById(id))!;
      const key = itscomIdKey(newItscomId);
      if (await tx.customers.findByKey(key)) throw new Error('taken');
      await tx.customers.changeItscomId(id, { itscomId: newItscomId, itscomIdKey: key, isLegacyId: false, contactMail: newItscomId }, now, { ifVersion: customer.credentialVersion });
      const procedureId = await tx.procedures.record({ customerId: id, kind: 'id_change', outcome: 'completed', at: now });
      const mail = (content: ReturnType<typeof idChangedMail>, to: string, kind: string) =>
        tx.outbox.enqueue({ ...content, kind, to, from: 'mypage@itscom.jp', messageId: `<${randomUUID()}@bench>`, hasSecretSlot: false, procedureId }, now);
      await mail(idChangedMail(newItscomId, changedOn), newItscomId, 'id_change_confirmation');
      await mail(contactChangedMail(changedOn), customer.contactMail, 'contact_change_notice');
    });
    commits.push(performance.now() - t);
  }
  await store.close();
  const sizeMb =
    databaseUrl === undefined
      ? statSync(join(dir, DATABASE_FILE)).size / 1024 / 1024
      : Number(psql(`SELECT pg_database_size('${database}')`)) / 1024 / 1024;
  console.log(
    JSON.stringify({
      engine,
      customers: CUSTOMERS,
      fillSeconds,
      sizeMb,
      lookupP50: percentile(lookups, 50),
      lookupP95: percentile(lookups, 95),
      commitP50: percentile(commits, 50),
      commitP95: percentile(commits, 95),
      durability: engine === 'sqlite' ? 'synchronous=FULL (WAL)' : 'synchronous_commit=on (fsync per commit)',
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  server?.drop();
}
