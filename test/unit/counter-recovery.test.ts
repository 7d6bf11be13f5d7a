import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../electron/core/auth/password-hash';
import { SessionRegistry } from '../../electron/core/auth/session-registry';
import type { PrintService } from '../../electron/core/print/print-service';
import type { SlipContent } from '../../electron/core/print/slip';
import { createCounterRecoveryService, TEMPORARY_PASSWORD_TTL_MS } from '../../electron/core/recovery/counter-recovery-service';
import { newTemporaryPassword, TEMPORARY_PASSWORD_LENGTH } from '../../electron/core/recovery/temporary-password';
import type { Store } from '../../electron/core/store/store';
import { newPasswordProblem } from '../../shared/rules/password';
import type { KioskResult } from '../../shared/contract/result';
import { memoryLogger } from '../support/silent-logger';
import { useTestCore } from '../support/core-fixture';
import { inStore, openTestStore } from '../support/test-store';
import { createChangeJournal } from '../../electron/core/account/change-journal';
import { createKioskAccounts } from '../../electron/core/account/kiosk-accounts';

const STAFF = { windowId: 'staff' };
const CUSTOMER = { windowId: 'customer' };
const NEW_PASSWORD = 'Counter/new=7';

/** The same store the core uses, for the recovery service under test with a printer that keeps what it got. */
let store: Store;
let printed: { windowId: string; content: SlipContent }[];
let recovery: ReturnType<typeof createCounterRecoveryService>;
let log: ReturnType<typeof memoryLogger>;
/** What the printer answers before a temporary password is made. */
let printerReadiness: KioskResult<null>;
/** The windows in staff mode, as the recovery service asks. */
let staffWindows: Set<string>;
const look = <T>(query: Parameters<typeof inStore<T>>[1]) => inStore(core.t.dataDir, query);
const signInTaro = (password: string, ctx = CUSTOMER) => at(ctx).session.signIn({ itscomId: 'yamada.taro', password });

const core = useTestCore();
const { at } = core;
beforeEach(async () => {
  store = await openTestStore(core.t.dataDir);
  printed = [];
  log = memoryLogger();
  printerReadiness = { ok: true, value: null };
  staffWindows = new Set(['staff']);
  const print: Pick<PrintService, 'printForStaff' | 'discardSlips' | 'readiness'> = {
    readiness: async () => printerReadiness,
    printForStaff: async (windowId, content) => {
      printed.push({ windowId, content });
      return { ok: true, value: { jobId: 'PDF-1' } };
    },
    discardSlips: async () => undefined,
  };
  const common = {
    store,
    accounts: createKioskAccounts(store.customers, () => core.t.clock.now),
    sessions: new SessionRegistry(),
    mailer: { nudge: () => undefined },
    log,
    now: () => core.t.clock.now,
    mailFrom: () => 'mypage@itscom.jp',
  };
  recovery = createCounterRecoveryService({
    ...common,
    journal: createChangeJournal(common),
    print,
    isStaff: (windowId) => staffWindows.has(windowId),
    record: async () => undefined,
  });
});
afterEach(async () => {
  await store.close();
  await core.t.stop();
  await core.sink.stop();
});

/** Issues a temporary password for yamada.taro and returns it as the slip shows it. */
async function issueForTaro(): Promise<string> {
  expect(await recovery.issueTemporaryPassword('staff', 'yamada.taro')).toEqual({
    ok: true,
    value: { itscomId: 'yamada.taro', expiresAt: core.t.clock.now + TEMPORARY_PASSWORD_TTL_MS, printProblem: null },
  });
  const slip = printed.at(-1)!.content;
  if (slip.kind !== 'temporary_password') throw new Error(`printed ${slip.kind}`);
  return slip.temporaryPassword;
}

describe('temporary passwords', () => {
  it('are random and keep every rule of a customer password', () => {
    const passwords = Array.from({ length: 200 }, () => newTemporaryPassword('yamada.taro'));
    expect(new Set(passwords).size).toBe(200);
    for (const password of passwords) {
      expect(password).toHaveLength(TEMPORARY_PASSWORD_LENGTH);
      expect(newPasswordProblem(password)).toBeUndefined();
      expect(password).not.toMatch(/[0O1lI]/);
    }
  });

  it('is stored only as a hash, marked temporary for 24 h, audited as issued by staff, with a notice that holds no password', async () => {
    for (let i = 0; i < 5; i += 1) await signInTaro('wrong-pass');
    expect(await signInTaro('Demo-pass1')).toMatchObject({ code: 'account_locked' });
    const temporary = await issueForTaro();
    expect(printed).toEqual([
      { windowId: 'staff', content: { kind: 'temporary_password', itscomId: 'yamada.taro', temporaryPassword: temporary, expiresAt: core.t.clock.now + TEMPORARY_PASSWORD_TTL_MS } },
    ]);
    const row = await look((db) =>
      db.selectFrom('customers').select(['password_hash', 'temporary_password_expires_at']).where('itscom_id_key', '=', 'yamada.taro').executeTakeFirstOrThrow(),
    );
    expect(row.temporary_password_expires_at).toBe(core.t.clock.now + TEMPORARY_PASSWORD_TTL_MS);
    expect(await verifyPassword(temporary, row.password_hash)).toBe(true);
    expect(await look((db) => db.selectFrom('procedures').select(['kind', 'outcome', 'kiosk_id']).execute())).toEqual([
      { kind: 'temporary_password', outcome: 'issued_by_staff', kiosk_id: expect.any(String) },
    ]);
    const notice = await look((db) => db.selectFrom('outbox').select(['kind', 'to_address', 'text_body', 'html_body']).executeTakeFirstOrThrow());
    expect(notice).toMatchObject({ kind: 'temporary_password_notice', to_address: 'taro.yamada@example.com' });
    expect(notice.text_body + notice.html_body).not.toContain(temporary);
    expect(log.lines.join('\n')).not.toContain(temporary);
    // The lockout went with it: the temporary password signs in.
    expect(await signInTaro(temporary)).toMatchObject({ ok: true, value: { mustChangePassword: true } });
  });

  it('opens nothing but 「新しいパスワードを設定してください」 until a new password is set', async () => {
    const temporary = await issueForTaro();
    expect(await signInTaro('Demo-pass1')).toMatchObject({ code: 'invalid_credentials' });
    expect(await signInTaro(temporary)).toEqual({ ok: true, value: { itscomId: 'yamada.taro', isLegacyId: true, mustChangePassword: true } });
    for (const channel of ['account.overview', 'idChange.start', 'passwordChange.start', 'mailbox.list']) {
      expect(await core.raw(CUSTOMER, channel), channel).toEqual({ ok: false, code: 'password_change_required' });
    }
    expect(await at(CUSTOMER).print.slip({ kind: 'password' })).toEqual({ ok: false, code: 'password_change_required' });
    expect(await at(CUSTOMER).session.current()).toMatchObject({ value: { mustChangePassword: true } });

    const set = (password: string, again = password) => at(CUSTOMER).session.setPassword({ newPassword: password, newPasswordAgain: again });
    expect(await set(temporary)).toMatchObject({ code: 'invalid_input', field: 'newPassword', reason: 'rules.password.sameAsTemporary' });
    expect(await set('password1')).toMatchObject({ field: 'newPassword', reason: 'rules.password.common' });
    expect(await set(NEW_PASSWORD, 'Counter/new=8')).toMatchObject({ field: 'newPasswordAgain', reason: 'rules.password.mismatch' });
    expect(await set(NEW_PASSWORD)).toEqual({ ok: true, value: null });
    expect(await at(CUSTOMER).account.overview()).toMatchObject({ ok: true, value: { itscomId: 'yamada.taro' } });
    expect(await set(NEW_PASSWORD)).toMatchObject({ code: 'out_of_order' });

    await at(CUSTOMER).session.signOut();
    expect(await signInTaro(temporary)).toMatchObject({ code: 'invalid_credentials' });
    expect(await signInTaro(NEW_PASSWORD)).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    const row = await look((db) => db.selectFrom('customers').select('temporary_password_expires_at').where('itscom_id_key', '=', 'yamada.taro').executeTakeFirstOrThrow());
    expect(row.temporary_password_expires_at).toBeNull();
    await core.sink.waitFor((m) => m.subject.includes('パスワード変更完了'));
  });

  it('is refused after 24 hours with its own message, but only to someone who knows it', async () => {
    const temporary = await issueForTaro();
    core.t.clock.advance(TEMPORARY_PASSWORD_TTL_MS - 1);
    expect(await signInTaro(temporary)).toMatchObject({ ok: true });
    await at(CUSTOMER).session.signOut();
    core.t.clock.advance(1);
    expect(await signInTaro(temporary)).toEqual({ ok: false, code: 'temporary_password_expired' });
    expect(await signInTaro('not-it-at-all')).toEqual({ ok: false, code: 'invalid_credentials' });
  });

  it('ends the sessions opened with the old password', async () => {
    expect(await signInTaro('Demo-pass1')).toMatchObject({ ok: true });
    await issueForTaro();
    // The core notices at its next session check (another process wrote the store, as another kiosk would).
    await expect.poll(() => at(CUSTOMER).session.current(), { timeout: 10_000 }).toEqual({ ok: true, value: null });
  });

  it.each([['printer_offline'], ['printer_out_of_paper'], ['printer_not_configured']] as const)(
    'changes nothing when the slip cannot print (%s)',
    async (problem) => {
      printerReadiness = { ok: false, code: problem };
      expect(await recovery.issueTemporaryPassword('staff', 'yamada.taro')).toEqual({ ok: false, code: problem });
      expect(printed).toEqual([]);
      expect(await look((db) => db.selectFrom('outbox').select('kind').execute())).toEqual([]);
      expect(await look((db) => db.selectFrom('procedures').select('kind').execute())).toEqual([]);
      expect(await signInTaro('Demo-pass1')).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    },
  );

  it('keeps no slip for 「もう一度印刷」 when staff mode closed while it was issued', async () => {
    // Staff mode closes while the password is hashed and stored (the first await of the call).
    const issuing = recovery.issueTemporaryPassword('staff', 'yamada.taro');
    staffWindows.delete('staff');
    expect(await issuing).toMatchObject({ ok: true });
    expect(printed).toHaveLength(1);
    expect(await recovery.reprintTemporaryPassword('staff')).toEqual({ ok: false, code: 'out_of_order' });
  });

  it('prints again from memory, and is forgotten when staff mode closes', async () => {
    const temporary = await issueForTaro();
    expect(await recovery.reprintTemporaryPassword('staff')).toEqual({ ok: true, value: { printProblem: null } });
    expect(printed.at(-1)!.content).toMatchObject({ temporaryPassword: temporary });
    expect(await recovery.reprintTemporaryPassword('another-window')).toEqual({ ok: false, code: 'out_of_order' });
    recovery.forget('staff');
    expect(await recovery.reprintTemporaryPassword('staff')).toEqual({ ok: false, code: 'out_of_order' });
  });
});

describe('ID look-up', () => {
  it('lists the IDs of a contact address (any letter case), audits each look-up, and prints only what it found', async () => {
    expect(await recovery.lookUpIds('staff', 'TARO.YAMADA@example.com')).toEqual({ ok: true, value: { itscomIds: ['yamada.taro'] } });
    expect(await recovery.lookUpIds('staff', 'nobody@example.com')).toEqual({ ok: true, value: { itscomIds: [] } });
    expect(await look((db) => db.selectFrom('procedures').select(['kind', 'outcome']).orderBy('id').execute())).toEqual([
      { kind: 'id_lookup', outcome: 'found' },
      { kind: 'id_lookup', outcome: 'not_found' },
    ]);
    expect(await recovery.printId('staff', 'yamada.taro')).toEqual({ ok: false, code: 'out_of_order' });
    await recovery.lookUpIds('staff', 'taro.yamada@example.com');
    expect(await recovery.printId('staff', 'hanako.suzuki@example.com')).toEqual({ ok: false, code: 'out_of_order' });
    expect(await recovery.printId('staff', 'yamada.taro')).toEqual({ ok: true, value: { printProblem: null } });
    expect(printed.at(-1)).toEqual({ windowId: 'staff', content: { kind: 'itscom_id', itscomId: 'yamada.taro' } });
  });
});

describe('recovery in staff mode', () => {
  it('answers only in staff mode, needs the identity check, and counts in today\'s procedures', async () => {
    const issue = { itscomId: 'hanako.suzuki@example.com', identityChecked: true as const };
    expect(await at(STAFF).staff.issueTemporaryPassword(issue)).toEqual({ ok: false, code: 'not_staff' });
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810' })).toMatchObject({ ok: true });
    expect(await core.raw(STAFF, 'staff.issueTemporaryPassword', { ...issue, identityChecked: false })).toMatchObject({
      code: 'invalid_input',
      field: 'identityChecked',
      reason: 'staff.errors.identityNotChecked',
    });
    expect(await core.raw(STAFF, 'staff.lookUpIds', { contactMail: 'hanako.suzuki@example.com' })).toMatchObject({ code: 'invalid_input', field: 'identityChecked' });
    expect(await at(STAFF).staff.issueTemporaryPassword({ ...issue, itscomId: 'nobody.here' })).toMatchObject({
      code: 'invalid_input',
      reason: 'staff.errors.unknownId',
    });
    // This core has no printer: a temporary password's only record is its slip, so nothing is issued.
    expect(await at(STAFF).staff.issueTemporaryPassword(issue)).toEqual({ ok: false, code: 'not_available' });
    expect(await at(STAFF).staff.reprintTemporaryPassword()).toEqual({ ok: false, code: 'out_of_order' });
    expect(await at(CUSTOMER).session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' })).toMatchObject({ ok: true });
    expect(await at(STAFF).staff.lookUpIds({ contactMail: 'hanako.suzuki@example.com', identityChecked: true })).toEqual({
      ok: true,
      value: { itscomIds: ['hanako.suzuki@example.com'] },
    });
    const overview = await at(STAFF).staff.overview();
    expect(overview).toMatchObject({ value: { counts: { temporary_password: 0, id_lookup: 1, password_reset: 0, id_change: 0, password_change: 0 } } });
    // Staff mode closed: nothing of it is left to print.
    await at(STAFF).staff.lock();
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    expect(await at(STAFF).staff.reprintTemporaryPassword()).toEqual({ ok: false, code: 'out_of_order' });
  });
});
