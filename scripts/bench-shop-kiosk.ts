// One kiosk of the shop bench (run by bench-shop.ts with tsx): for `seconds`,
// sign-in lookups and ID/password commits at full speed through the store's
// own repositories (KDF and SMTP excluded), then it prints its timings as JSON.
// With `seconds` 0 it is one of the shop's outbox workers instead, delivering
// with the others whatever mail is pending until none is left.
//
// argv: databaseUrl, kioskId, relayUrl, customers, seconds
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarDay } from '../shared/domain/calendar-day';
import { itscomIdKey } from '../shared/domain/itscom-id';
import { OutboxWorker } from '../electron/core/mail/outbox-worker';
import { SecretSlots } from '../electron/core/mail/secret-slots';
import { createSmtpSender } from '../electron/core/mail/smtp-transport';
import { idChangedMail, passwordChangedMail } from '../electron/core/mail/templates';
import { openStore } from '../electron/core/store/store';
import { memoryLogger } from '../test/support/silent-logger';
import { HASH, idOf, random } from './bench-support';

const [databaseUrl, kioskId, relayUrl, customers, seconds] = process.argv.slice(2) as [string, string, string, string, string];
const dir = mkdtempSync(join(tmpdir(), 'bench-shop-'));
const store = await openStore({ dataDir: dir, databaseUrl, kioskId });
const sender = createSmtpSender(relayUrl);
const worker = new OutboxWorker({ outbox: store.outbox, send: sender.send, secrets: new SecretSlots(), log: memoryLogger(), now: Date.now, onStatus: () => undefined });
const lookups: number[] = [];
const commits: number[] = [];
let enqueued = 0;
const until = performance.now() + Number(seconds) * 1000;
const now = Date.now();
const changedOn = calendarDay(now);
for (let i = 0; performance.now() < until; i += 1) {
  let t = performance.now();
  // A customer another kiosk moved to a new ID is a miss: a lookup all the same.
  await store.customers.findByKey(itscomIdKey(idOf(random(Number(customers)))));
  lookups.push(performance.now() - t);
  const customer = await store.customers.findById(1 + random(Number(customers)));
  if (!customer) throw new Error('no such customer');
  t = performance.now();
  // Half ID changes, half password changes: the transactions the services make.
  const queued = await store.transaction(async (tx) => {
    const mail = (content: ReturnType<typeof idChangedMail>, to: string, kind: string, procedureId: number) =>
      tx.outbox.enqueue({ ...content, kind, to, from: 'mypage@itscom.jp', messageId: `<${randomUUID()}@bench>`, hasSecretSlot: false, procedureId }, now);
    if (i % 2 === 0) {
      const newItscomId = `moved.${kioskId}.${i}.${customer.id}@example.net`;
      const key = itscomIdKey(newItscomId);
      if (await tx.customers.findByKey(key)) throw new Error('taken');
      await tx.customers.changeItscomId(customer.id, { itscomId: newItscomId, itscomIdKey: key, isLegacyId: false, contactMail: customer.contactMail }, now, { ifVersion: customer.credentialVersion });
      const procedureId = await tx.procedures.record({ customerId: customer.id, kind: 'id_change', outcome: 'completed', at: now });
      await mail(idChangedMail(newItscomId, changedOn), customer.contactMail, 'id_change_confirmation', procedureId);
    } else {
      await tx.customers.changePassword(customer.id, HASH, now, { ifVersion: customer.credentialVersion });
      const procedureId = await tx.procedures.record({ customerId: customer.id, kind: 'password_change', outcome: 'completed', at: now });
      await mail(passwordChangedMail(changedOn), customer.contactMail, 'password_change_confirmation', procedureId);
    }
    return 1;
  });
  commits.push(performance.now() - t);
  enqueued += queued;
}
// The shop's workers all at once, each claiming from the one outbox, until every mail is out.
for (; Number(seconds) === 0; ) {
  await worker.kick();
  if ((await store.outbox.nextDueAt()) === undefined) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await worker.stop();
sender.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ lookups, commits, enqueued })}\n`);
