import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../../electron/core/audit/audit-chain';
import { createAuditRepo } from '../../electron/core/store/audit-repo';
import { createPool } from '../../electron/core/store/postgres-engine';
import { parseDatabaseUrl } from '../../shared/rules/database-url';
import type { StoreSchema } from '../../electron/core/store/schema';
import { makeTempDir } from '../support/temp-dir';
import { psql, runPrefix, testDatabaseUrl } from '../support/test-store';

/**
 * The GRANTs docs/operations.md gives a shop's PostgreSQL ("Append-only in the
 * database"): a kiosk role with SELECT and INSERT on the audit trail appends
 * and reads its chain, and cannot change or remove a row even once the
 * trigger is gone (as someone with the owner's rights could drop it).
 */
const temp = makeTempDir();
const role = `${runPrefix()}kiosk_role`;
let ownerUrl: string;
let kiosk: Kysely<StoreSchema>;

beforeAll(() => {
  ownerUrl = testDatabaseUrl(temp.dir);
  const database = new URL(ownerUrl).pathname.slice(1);
  psql(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'kiosk_role'`);
  // As the documentation says, on the kiosk's database.
  psql(
    `GRANT CONNECT ON DATABASE ${database} TO ${role};
     GRANT USAGE ON SCHEMA public TO ${role};
     REVOKE ALL ON audit_trail FROM ${role};
     GRANT SELECT, INSERT ON audit_trail TO ${role};`,
    ownerUrl,
  );
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = 'kiosk_role';
  // The kiosk's own pool (its type parsers: BIGINT times read back as numbers), signed in as the role.
  const parsed = parseDatabaseUrl(url.toString());
  if (!parsed.ok) throw new Error(parsed.problem);
  kiosk = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool: createPool(parsed.settings, () => undefined) }) });
});
afterAll(async () => {
  await kiosk.destroy();
  const database = new URL(ownerUrl).pathname.slice(1);
  psql(`REVOKE ALL ON audit_trail FROM ${role}; REVOKE USAGE ON SCHEMA public FROM ${role}; REVOKE CONNECT ON DATABASE ${database} FROM ${role};`, ownerUrl);
  psql(`DROP ROLE IF EXISTS ${role}`);
  temp.cleanup();
});

describe('the audit trail under the documented GRANTs', () => {
  it('the kiosk\'s role appends and verifies, and cannot update or delete a row even without the trigger', async () => {
    const audit = createAuditRepo({ db: kiosk, engine: 'postgres' }, 'kiosk-a', 'main');
    const old = Date.now() - 500 * 24 * 60 * 60_000;
    await audit.append({ at: old, staffNumber: '1001', action: 'staff_mode_opened', subject: null, outcome: 'ok', detail: '{}' });
    await audit.append({ at: Date.now(), staffNumber: '1001', action: 'unlock_id', subject: 'yamada.taro', outcome: 'unlocked', detail: '{}' });
    expect(await checkChain((afterId) => audit.inOrder({}, afterId, 10))).toMatchObject({ holds: true, rows: 2 });

    psql('DROP TRIGGER audit_trail_guard ON audit_trail', ownerUrl);
    await expect(kiosk.updateTable('audit_trail').set({ staff_number: '2001' }).execute()).rejects.toThrow(/permission denied/);
    await expect(kiosk.deleteFrom('audit_trail').execute()).rejects.toThrow(/permission denied/);
    // The retention purge is then the owner's (npm run audit -- purge); the kiosk's own round is refused, as docs/operations.md says.
    await expect(audit.purge(Date.now() - 400 * 24 * 60 * 60_000)).rejects.toThrow(/permission denied/);
    expect(await checkChain((afterId) => audit.inOrder({}, afterId, 10))).toMatchObject({ holds: true, rows: 2 });
  });
});
