import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../electron/core/mail/outbox-worker';
import { SecretSlots } from '../../electron/core/mail/secret-slots';
import { createSmtpSender } from '../../electron/core/mail/smtp-transport';
import type { OutboxRepo } from '../../electron/core/store/outbox-repo';
import type { StaffRepo } from '../../electron/core/store/staff-repo';
import type { Store } from '../../electron/core/store/store';
import { ChaosRelay } from '../support/chaos-relay';
import { memoryLogger } from '../support/silent-logger';
import { makeTempDir } from '../support/temp-dir';
import { inStore, openTestStore } from '../support/test-store';
import { seedFrom } from '../support/seeded-random';

/**
 * 200 mails through a relay that refuses, stays silent, hangs up mid-DATA and
 * answers 4xx/5xx at random. Nothing is lost: every mail is delivered (once,
 * counting by Message-ID) or shown to staff as failed, and staff's 「今すぐ再送」
 * delivers the failed ones once the relay behaves.
 */
const MAILS = 200;
const SILENCE_MS = 150;
const seed = seedFrom('CHAOS_SEED');

describe(`outbox against a chaotic relay (CHAOS_SEED=${seed})`, () => {
  const temp = makeTempDir();
  let store: Store;
  let outbox: OutboxRepo;
  let staff: StaffRepo;
  let relay: ChaosRelay;
  let sender: ReturnType<typeof createSmtpSender>;
  let worker: OutboxWorker;
  let now = Date.UTC(2026, 10, 25, 1);
  const messageIds: string[] = [];

  beforeAll(async () => {
    store = await openTestStore(temp.dir);
    outbox = store.outbox;
    staff = store.staff;
    relay = await new ChaosRelay(seed, SILENCE_MS).start();
    sender = createSmtpSender(relay.url, { timeouts: { connectionMs: SILENCE_MS, greetingMs: SILENCE_MS, socketMs: 500 } });
    worker = new OutboxWorker({ outbox, send: sender.send, secrets: new SecretSlots(), log: memoryLogger(), now: () => now, onStatus: () => undefined });
  });
  afterAll(async () => {
    await worker.stop();
    sender.close();
    await relay.stop();
    await store.close();
    temp.cleanup();
  });

  const stateCounts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (
        await inStore(temp.dir, (db) =>
          db.selectFrom('outbox').select((eb) => ['state', eb.fn.countAll().as('n')]).groupBy('state').execute(),
        )
      ).map((r) => [r.state, Number(r.n)]),
    );

  /** Lets the worker run until nothing is due, moving the clock past each backoff. */
  async function drain(): Promise<void> {
    for (let round = 0; round < 100 && ((await stateCounts()).pending ?? 0) > 0; round += 1) {
      await worker.kick();
      now += 11 * 60_000;
    }
  }

  it('ends every mail delivered or failed-and-shown, never lost, and staff retries deliver the rest once', async () => {
    for (let i = 0; i < MAILS; i += 1) {
      const messageId = `<chaos-${i}-${seed}@kiosk.test>`;
      messageIds.push(messageId);
      await outbox.enqueue(
        { kind: 'test', to: `customer${i}@example.com`, from: 'mypage@itscom.jp', subject: `テスト ${i}`, text: `本文 ${i}`, html: `<p>本文 ${i}</p>`, messageId, hasSecretSlot: false },
        now,
      );
    }
    await drain();

    const counts = await stateCounts();
    expect(counts.pending ?? 0, 'still pending after the chaos').toBe(0);
    expect((counts.sent ?? 0) + (counts.failed ?? 0)).toBe(MAILS);
    // Each relay misbehaviour happened, and 5xx answers ended mail as failed.
    for (const what of ['reset', 'silent', 'mail-4xx', 'rcpt-5xx', 'drop-mid-data', 'data-4xx', 'data-5xx', 'accept-then-drop'] as const) {
      expect(relay.tally.get(what) ?? 0, what).toBeGreaterThan(0);
    }
    const failed = (await staff.undeliveredMail(MAILS)).filter((row) => row.state === 'failed');
    expect(failed.length).toBe(counts.failed ?? 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const row of failed) expect(row.last_error).toMatch(/55\d/);

    relay.calm();
    expect(await staff.retryMail(undefined, now)).toBe(failed.length);
    await drain();
    expect(await stateCounts()).toEqual({ sent: MAILS });

    const copies = new Map<string, number>();
    for (const mail of relay.received) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
    expect([...copies.keys()].sort()).toEqual([...messageIds].sort());
    // A second copy only where the relay kept a mail but hung up before saying so.
    const duplicates = [...copies.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(relay.tally.get('accept-then-drop') ?? 0);
  }, 120_000);
});
