import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { startMail } from '../../electron/core/mail/mail-service';
import { createSmtpSender } from '../../electron/core/mail/smtp-transport';
import { guardProcess } from '../../electron/core/process-guards';
import { ensurePrivateDir } from '../../electron/core/store/database';
import { InstanceLockError, takeInstanceLock } from '../../electron/core/store/instance-lock';
import { memoryLogger } from '../support/silent-logger';
import { makeTempDir } from '../support/temp-dir';
import { startTestCore, type TestCore } from '../support/test-core';
import { openTestStore } from '../support/test-store';

const temps: ReturnType<typeof makeTempDir>[] = [];
const temp = () => {
  const made = makeTempDir();
  temps.push(made);
  return made.dir;
};
afterEach(() => {
  for (const made of temps.splice(0)) made.cleanup();
});

describe('one kiosk per data dir', () => {
  it('refuses a second holder, naming the first, and lets the next one in once the first is gone', () => {
    const dir = temp();
    const first = takeInstanceLock(dir);
    expect(() => takeInstanceLock(dir)).toThrow(InstanceLockError);
    expect(() => takeInstanceLock(dir)).toThrow(new RegExp(`another kiosk is already running on ${dir} \\(pid ${process.pid} on `));
    first.release();
    takeInstanceLock(dir).release();
  });
});

describe('the data dir', () => {
  it('is created owner-only', () => {
    const dir = join(temp(), 'new', 'kiosk');
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps the mode of a folder that exists (it may be shared)', () => {
    const dir = temp();
    chmodSync(dir, 0o750);
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o750);
  });

  it.each([
    [0o777, /can be written by other users \(mode 777\)/],
    [0o1777, /shared folder \(sticky, like \/tmp\)/],
  ])('refuses a folder others can write to (mode %s), changing nothing', (mode, message) => {
    const dir = temp();
    chmodSync(dir, mode);
    expect(() => ensurePrivateDir(dir)).toThrow(message);
    expect(statSync(dir).mode & 0o7777).toBe(mode);
  });
});

describe('process guards', () => {
  it('log an unhandled rejection and an uncaught exception, and keep the process', () => {
    const fakeProcess = new EventEmitter();
    const log = memoryLogger();
    guardProcess(fakeProcess as unknown as NodeJS.Process, log);
    fakeProcess.emit('unhandledRejection', new TypeError('Invalid URL'));
    fakeProcess.emit('uncaughtException', new Error('boom in a timer'));
    expect(log.lines.join('\n')).toContain('unhandled rejection: the kiosk keeps serving');
    expect(log.lines.join('\n')).toContain('TypeError: Invalid URL');
    expect(log.lines.join('\n')).toContain('uncaught exception: the kiosk keeps serving');
  });
});

describe('SMTP without STARTTLS', () => {
  it('never sends the relay password or a mail to a relay that does not offer TLS', async () => {
    const seen = { auth: 0, data: 0 };
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      disableReverseLookup: true,
      onAuth: (_auth, _session, callback) => {
        seen.auth += 1;
        callback(null, { user: 'kiosk' });
      },
      onData: (stream, _session, callback) => {
        seen.data += 1;
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as { port: number };
    const sender = createSmtpSender(`smtp://kiosk:relay-secret@127.0.0.1:${port}`);
    try {
      await expect(
        sender.send({ from: 'a@example.com', to: 'b@example.com', subject: 's', text: 'code 123456', html: '', messageId: '<x@test>' }),
      ).rejects.toThrow(/STARTTLS/i);
      expect(seen).toEqual({ auth: 0, data: 0 });
    } finally {
      sender.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('switching to a relay that cannot be used never throws: the kiosk keeps serving and mail waits', async () => {
    const store = await openTestStore(temp());
    const log = memoryLogger();
    const mail = await startMail({ smtpUrl: undefined, demo: true, outbox: store.outbox, log, now: Date.now, onStatus: () => undefined });
    try {
      await expect(mail.useRelay('smtp://relay.example.com:25x')).resolves.toBeUndefined();
      expect(mail.demoMailbox()).toBeUndefined();
      expect(log.lines.join('\n')).toContain('mail relay not usable: mail waits in the outbox');
    } finally {
      await mail.close();
      await store.close();
    }
  });

  it('refuses tls=off for a relay that is not on this machine', () => {
    expect(() => createSmtpSender('smtp://relay.example.com:25?tls=off')).toThrow(/tls=off is allowed only for a relay on this machine/);
  });
});

describe('relay settings that cannot brick the kiosk', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('refuses a bad relay URL in staff settings with its own message, changing nothing', async () => {
    t = await startTestCore();
    expect(await t.core.dispatch({ windowId: 'w' }, 'staff.unlock', { number: '1001', pin: '246810' })).toMatchObject({ ok: true });
    const settings = { idleSeconds: 60, printer: '', paperSize: 'a4', mailFrom: 'shop@example.com', shopName: '店', newPin: '' };
    for (const smtpUrl of ['smtp://relay.example.com:25x', 'smtp://relay.example.com:99999', 'ftp://relay.example.com']) {
      expect(await t.core.dispatch({ windowId: 'w' }, 'staff.saveSettings', { ...settings, smtpUrl })).toMatchObject({
        ok: false,
        code: 'invalid_input',
        field: 'smtpUrl',
        reason: 'staff.errors.smtpUrl',
      });
    }
    expect(await t.core.dispatch({ windowId: 'w' }, 'staff.saveSettings', { ...settings, smtpUrl: 'smtp://relay.example.com:25?tls=off' })).toMatchObject({
      reason: 'staff.errors.smtpUrlInsecure',
    });
    const overview = (await t.core.dispatch({ windowId: 'w' }, 'staff.overview', {})) as { value: { settings: { smtpUrl: string } } };
    expect(overview.value.settings.smtpUrl).toBe('');
  });

  it('starts on a stored relay URL that no longer parses: the demo mailbox serves and staff see a warning', async () => {
    const dir = temp();
    const store = await openTestStore(dir);
    await store.settings.set('staffSettings', { smtpUrl: 'smtp://relay.example.com:25x', idleSeconds: 90 });
    await store.close();
    t = await startTestCore({ dataDir: dir });
    expect(await t.core.dispatch({ windowId: 'w' }, 'kiosk.info', {})).toMatchObject({ ok: true, value: { idleSeconds: 90, demo: true } });
    await t.core.dispatch({ windowId: 'w' }, 'staff.unlock', { number: '1001', pin: '246810' });
    expect(await t.core.dispatch({ windowId: 'w' }, 'staff.overview', {})).toMatchObject({
      ok: true,
      value: { warnings: ['stored_relay_invalid'], demoMailbox: true },
    });
    expect(await t.core.describe()).toContain('mail: demo mailbox');
  });

  it('outside demo mode, starts on a stored relay URL that no longer parses and holds mail in the outbox', async () => {
    const dir = temp();
    const store = await openTestStore(dir);
    await store.settings.set('staffSettings', { smtpUrl: 'smtp://relay.example.com:25x' });
    await store.close();
    t = await startTestCore({ dataDir: dir, demo: false });
    expect(await t.core.describe()).toMatch(/^production mode, kiosk: .*, mail: no usable relay \(mail waits in the outbox\)/);
  });
});

// The core refuses a data dir shared with others before it writes anything there.
describe('a core on a shared folder', () => {
  it('does not start, and says why', async () => {
    const dir = join(temp(), 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    await expect(startTestCore({ dataDir: dir })).rejects.toThrow(/can be written by other users/);
  });
});
