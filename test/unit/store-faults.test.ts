import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../../electron/core/auth/password-hash';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { HANAKO, TARO } from '../support/sign-in';
import { codeIn } from '../support/smtp-sink';
import { useTestCore } from '../support/core-fixture';

/**
 * A store that is full, or locked by another process, at the moment of a
 * commit: the customer gets a typed error the screen explains, nothing of the
 * change is half-written, and the kiosk goes on (the same step succeeds once
 * the store is back).
 */
const window = { windowId: 'w' };
const core = useTestCore();
const { at } = core;
afterEach(() => {
  vi.restoreAllMocks();
});
const readStore = <T>(sql: string, ...params: unknown[]) => {
  const db = new Database(join(core.t.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
};
const counts = () => ({
  procedures: readStore<{ n: number }>('SELECT count(*) AS n FROM procedures')[0]!.n,
  confirmations: readStore<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE kind <> 'verification_code'")[0]!.n,
});

/** Makes the store answer SQLITE_FULL to statements matching `sql`, as a full disk or page cap would. */
function fillStoreOn(sql: RegExp): () => void {
  const probe = new Database(':memory:');
  type Run = (...args: unknown[]) => unknown;
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: Run; all: Run };
  probe.close();
  // A write runs through run(), or all() when it returns what it wrote (INSERT … RETURNING).
  const spies = (['run', 'all'] as const).map((method) => {
    const original = statement[method];
    return vi.spyOn(statement, method).mockImplementation(function (this: { source: string }, ...args: unknown[]) {
      if (sql.test(this.source)) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      return original.apply(this, args);
    });
  });
  return () => spies.forEach((spy) => spy.mockRestore());
}

/** Another process holding the store's write lock until released. */
async function lockStoreFromAnotherProcess(): Promise<() => Promise<void>> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN EXCLUSIVE');
    console.log('locked');
    process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); });
    process.stdin.resume();`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script, join(core.t.dataDir, DATABASE_FILE)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  expect(line).toBe('locked');
  return async () => {
    child.stdin!.end();
    await once(child, 'exit');
  };
}

async function toPasswordConfirm(next: string) {
  expect(await at(window).session.signIn(HANAKO)).toMatchObject({ ok: true });
  expect(await at(window).passwordChange.start()).toMatchObject({ ok: true });
  expect(await at(window).passwordChange.check({ currentPassword: HANAKO.password, newPassword: next, newPasswordAgain: next })).toMatchObject({ ok: true });
}

async function toIdConfirm(next: string) {
  expect(await at(window).session.signIn(TARO)).toMatchObject({ ok: true });
  expect(await at(window).idChange.start()).toMatchObject({ ok: true });
  expect(await at(window).idChange.requestCode({ newItscomId: next })).toMatchObject({ ok: true });
  const code = codeIn(await core.sink.waitFor((mail) => mail.to.includes(next)));
  expect(await at(window).idChange.verifyCode({ code })).toMatchObject({ ok: true });
}

const hanakoHash = () => readStore<{ password_hash: string }>('SELECT password_hash FROM customers WHERE itscom_id = ?', HANAKO.itscomId)[0]!.password_hash;

describe('a full store', () => {
  it('refuses a password change half-way through its transaction with store_full, keeps the old password, and commits once there is room', async () => {
    await toPasswordConfirm('Roomy/2026');
    const before = counts();
    // The customer row and the audit row are written; the confirmation mail does not fit.
    const makeRoom = fillStoreOn(/insert into "outbox"/i);
    expect(await at(window).passwordChange.commit()).toEqual({ ok: false, code: 'store_full' });
    expect(await verifyPassword(HANAKO.password, hanakoHash())).toBe(true);
    expect(counts()).toEqual(before);

    makeRoom();
    expect(await at(window).passwordChange.commit()).toMatchObject({ ok: true });
    expect(await verifyPassword('Roomy/2026', hanakoHash())).toBe(true);
    expect(counts()).toEqual({ procedures: before.procedures + 1, confirmations: before.confirmations + 1 });
  });

  it('refuses an ID change with store_full and leaves the old ID, contact and rows as they were', async () => {
    await toIdConfirm('taro.full@example.com');
    const before = counts();
    const makeRoom = fillStoreOn(/insert into "outbox"/i);
    expect(await at(window).idChange.commit({ setAsContact: true })).toEqual({ ok: false, code: 'store_full' });
    expect(readStore('SELECT itscom_id, contact_mail FROM customers WHERE id = 1')).toEqual([{ itscom_id: TARO.itscomId, contact_mail: 'taro.yamada@example.com' }]);
    expect(counts()).toEqual(before);
    makeRoom();
    expect(await at(window).idChange.commit({ setAsContact: true })).toMatchObject({ ok: true });
    expect(readStore('SELECT itscom_id FROM customers WHERE id = 1')).toEqual([{ itscom_id: 'taro.full@example.com' }]);
  });
});

describe('a store locked by another process', () => {
  it('answers store_busy after the busy timeout, changes nothing, and commits once the lock is gone', async () => {
    await toPasswordConfirm('Unlocked/2026');
    const before = counts();
    const release = await lockStoreFromAnotherProcess();
    expect(await at(window).passwordChange.commit()).toEqual({ ok: false, code: 'store_busy' });
    // The kiosk goes on: reads still work while the lock is held.
    expect(await at(window).session.current()).toMatchObject({ ok: true, value: { itscomId: HANAKO.itscomId } });
    await release();
    expect(await verifyPassword(HANAKO.password, hanakoHash())).toBe(true);
    expect(counts()).toEqual(before);
    expect(await at(window).passwordChange.commit()).toMatchObject({ ok: true });
    expect(await verifyPassword('Unlocked/2026', hanakoHash())).toBe(true);
  }, 30_000);
});
