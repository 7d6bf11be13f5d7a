/**
 * Run by the shop tests (tsx): one kiosk's outbox worker in a process of its
 * own, on the shared store, sending through the relay it is given, until no
 * mail is left pending. Prints each delivery it makes ("sent <id>").
 *
 * argv: dataDir, databaseUrl, kioskId, relayUrl, claimMs
 */
// The unit tests' cheaper KDF, as in the test process that started this one.
import './test-kdf';
import { OutboxWorker } from '../../electron/core/mail/outbox-worker';
import { SecretSlots } from '../../electron/core/mail/secret-slots';
import { createSmtpSender } from '../../electron/core/mail/smtp-transport';
import { openStore } from '../../electron/core/store/store';
import { memoryLogger } from './silent-logger';

const [dataDir, databaseUrl, kioskId, relayUrl, claimMs] = process.argv.slice(2) as [string, string, string, string, string];
const store = await openStore({ dataDir, databaseUrl, kioskId });
const sender = createSmtpSender(relayUrl, { timeouts: { connectionMs: 150, greetingMs: 150, socketMs: 1_000 } });
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
// No mail here holds a code, so every pending one is this worker's to take: none left means none pending.
for (;;) {
  await worker.kick();
  if ((await store.outbox.nextDueAt()) === undefined) break;
  // Another worker holds what is left, or a retry is not due yet: the worker's own timer runs meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 25));
}
await worker.stop();
sender.close();
await store.close();
process.stdout.write('done\n');
