/**
 * Run by the shop tests (tsx): one kiosk's outbox worker in a process of its
 * own, on the shared store, sending through the relay it is given, until no
 * mail is left pending. Prints each delivery it makes ("sent <id>").
 *
 * argv: dataDir, databaseUrl, kioskId, relayUrl, claimMs
 */
import { Kysely, PostgresDialect } from 'kysely';
import { OutboxWorker } from '../../electron/core/mail/outbox-worker';
import { SecretSlots } from '../../electron/core/mail/secret-slots';
import { createSmtpSender } from '../../electron/core/mail/smtp-transport';
import { createPool } from '../../electron/core/store/postgres-engine';
import type { StoreSchema } from '../../electron/core/store/schema';
import { openStore } from '../../electron/core/store/store';
import { parseDatabaseUrl } from '../../shared/rules/database-url';
import { memoryLogger } from './silent-logger';

const [dataDir, databaseUrl, kioskId, relayUrl, claimMs] = process.argv.slice(2) as [string, string, string, string, string];
const store = await openStore({ dataDir, databaseUrl, kioskId });
const parsed = parseDatabaseUrl(databaseUrl);
if (!parsed.ok) throw new Error(parsed.problem);
const look = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool: createPool(parsed.settings, () => undefined) }) });
const sender = createSmtpSender(relayUrl, { connectionMs: 150, greetingMs: 150, socketMs: 1_000 });
const worker = new OutboxWorker({
  outbox: store.outbox,
  send: sender.send,
  secrets: new SecretSlots(),
  log: memoryLogger(),
  now: Date.now,
  onStatus: (id, state) => {
    if (state === 'sent') process.stdout.write(`sent ${id}\n`);
  },
  claimMs: Number(claimMs),
  // Retries within the test's time, not the relay's minutes.
  retryDelayMs: () => 20,
});
const pending = async () =>
  Number((await look.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'pending').executeTakeFirstOrThrow()).n);
for (;;) {
  await worker.kick();
  if ((await pending()) === 0) break;
  // Another worker holds what is left, or a retry is not due yet: the worker's own timer runs meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 25));
}
await worker.stop();
sender.close();
await look.destroy();
await store.close();
process.stdout.write('done\n');
