import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailState } from '../../shared/contract/models';
import { OutboxWorker, retryDelay } from '../../electron/core/mail/outbox-worker';
import { SecretSlots } from '../../electron/core/mail/secret-slots';
import { createSmtpSender } from '../../electron/core/mail/smtp-transport';
import { SECRET_SLOT } from '../../electron/core/mail/templates';
import type { OutboxRepo } from '../../electron/core/store/outbox-repo';
import type { Store } from '../../electron/core/store/store';
import { SmtpSink } from '../support/smtp-sink';
import { memoryLogger } from '../support/silent-logger';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

let temp: ReturnType<typeof makeTempDir>;
let store: Store;
let outbox: OutboxRepo;
let sink: SmtpSink;
let now: number;
const statuses: [number, MailState][] = [];
const closers: (() => unknown)[] = [];

function worker(url: string, secrets = new SecretSlots()) {
  const sender = createSmtpSender(url);
  const w = new OutboxWorker({
    outbox,
    send: sender.send,
    secrets,
    log: memoryLogger(),
    now: () => now,
    onStatus: (id, state) => statuses.push([id, state]),
  });
  closers.push(() => w.stop(), sender.close);
  return w;
}

function enqueue(to = 'someone@example.com', text = 'hello') {
  return outbox.enqueue(
    { kind: 'test', to, from: 'mypage@itscom.jp', subject: 'テスト', text, html: `<p>${text}</p>`, messageId: `<${Math.random()}@test>`, hasSecretSlot: text.includes(SECRET_SLOT) },
    now,
  );
}

beforeEach(async () => {
  temp = makeTempDir();
  store = await openTestStore(temp.dir);
  outbox = store.outbox;
  sink = await new SmtpSink().start();
  now = 1_000_000;
  statuses.length = 0;
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await sink.stop();
  await store.close();
  temp.cleanup();
});

describe('outbox delivery', () => {
  it('retries a relay that refuses (4xx) with backoff, then delivers exactly once', async () => {
    sink.refuse(2, 421);
    const id = await enqueue();
    const w = worker(sink.url);
    await w.kick();
    expect((await outbox.get(id))).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: now + retryDelay(1) });
    await w.kick(); // not due yet: nothing happens
    expect((await outbox.get(id))!.attempts).toBe(1);
    now += retryDelay(1);
    await w.kick();
    expect((await outbox.get(id))).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: now + retryDelay(2) });
    now += retryDelay(2);
    await w.kick();
    expect((await outbox.get(id))).toMatchObject({ state: 'sent', attempts: 3 });
    expect(sink.mails).toHaveLength(1);
    now += 60 * 60_000;
    await w.kick();
    expect(sink.mails).toHaveLength(1);
    expect(statuses.map(([, state]) => state)).toEqual(['sending', 'retrying', 'retrying', 'sent']);
  });

  it('keeps mail while the relay is down and delivers it once the relay is back', async () => {
    const port = sink.port;
    await sink.stop();
    const id = await enqueue();
    const w = worker(`smtp://127.0.0.1:${port}?tls=off`);
    await w.kick();
    expect((await outbox.get(id))).toMatchObject({ state: 'pending', attempts: 1 });
    sink = await new SmtpSink().start(port);
    now += retryDelay(1);
    await w.kick();
    expect((await outbox.get(id))!.state).toBe('sent');
    expect(sink.mails).toHaveLength(1);
  });

  it('ends a mail the relay refuses for good (5xx) as failed, for staff to see', async () => {
    sink.refuse(1, 550);
    const id = await enqueue();
    const w = worker(sink.url);
    await w.kick();
    expect((await outbox.get(id))).toMatchObject({ state: 'failed', attempts: 1 });
    expect(statuses.at(-1)).toEqual([id, 'failed']);
  });

  it('fills a secret slot from memory at send time only, and expires a mail whose secret is gone', async () => {
    const secrets = new SecretSlots();
    const withCode = await enqueue('a@example.com', `code ${SECRET_SLOT}`);
    const orphan = await enqueue('b@example.com', `code ${SECRET_SLOT}`);
    secrets.set(withCode, '424242', now + 60_000);
    expect((await outbox.get(withCode))!.text).not.toContain('424242');
    await worker(sink.url, secrets).kick();
    expect(sink.to('a@example.com')[0]!.text).toContain('code 424242');
    expect((await outbox.get(orphan))!.state).toBe('expired');
    expect(sink.to('b@example.com')).toHaveLength(0);
  });

  it('backs off from 5 s up to a 10 minute ceiling', () => {
    expect([1, 2, 3, 8, 20].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 600_000, 600_000]);
  });
});

describe('outbox retry after a permanent failure', () => {
  it('keeps a code mail\'s secret so staff can send it again', async () => {
    const secrets = new SecretSlots();
    sink.refuse(1, 550);
    const id = await enqueue('c@example.com', `code ${SECRET_SLOT}`);
    secrets.set(id, '135790', now + 60_000);
    const w = worker(sink.url, secrets);
    await w.kick();
    expect((await outbox.get(id))!.state).toBe('failed');
    await store.staff.retryMail(id, now);
    await w.kick();
    expect((await outbox.get(id))!.state).toBe('sent');
    expect(sink.to('c@example.com')[0]!.text).toContain('135790');
  });

  it('two workers on one store (two connections, as two kiosks) never send one mail twice', async () => {
    const second = await openTestStore(temp.dir);
    closers.push(() => second.close());
    const other = second.outbox;
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => enqueue(`many${i}@example.com`)));
    const a = worker(sink.url);
    const sender = createSmtpSender(sink.url);
    const b = new OutboxWorker({ outbox: other, send: sender.send, secrets: new SecretSlots(), log: memoryLogger(), now: () => now, onStatus: () => undefined });
    closers.push(() => b.stop(), sender.close);
    await Promise.all([a.kick(), b.kick(), a.kick(), b.kick()]);
    await sink.waitFor(() => sink.mails.length >= ids.length);
    const messageIds = sink.mails.map((mail) => mail.messageId);
    expect(new Set(messageIds).size).toBe(ids.length);
    expect(messageIds).toHaveLength(ids.length);
    for (const id of ids) expect((await outbox.get(id))?.state).toBe('sent');
  });
});
