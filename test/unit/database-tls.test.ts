import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/core/config';
import { openStore } from '../../electron/core/store/store';
import { makeTempDir } from '../support/temp-dir';
import { startTlsPostgres, type TlsPostgres } from '../support/tls-postgres';

/**
 * The shared store over TLS for real: a server of the test's own that speaks
 * TLS only, its certificate from a CA made here. verify-full connects with
 * that CA and refuses another; a store on another host without TLS never starts.
 */
let server: TlsPostgres;
const temp = makeTempDir();
beforeAll(async () => {
  server = await startTlsPostgres();
}, 60_000);
afterAll(() => {
  server?.stop();
  temp.cleanup();
});

const url = (query: string, host = 'localhost') => `postgres://postgres@${host}:${server.port}/postgres?${query}`;
const open = (databaseUrl: string) => openStore({ dataDir: temp.dir, databaseUrl, kioskId: 'tls-test' });

describe('TLS to the shared store', () => {
  it('connects with sslmode=verify-full and the CA that signed the server, and the server clock answers', async () => {
    const store = await open(url(`sslmode=verify-full&sslrootcert=${server.caFile}`));
    try {
      expect(Math.abs((await store.serverTime())! - Date.now())).toBeLessThan(5_000);
      expect(await store.customers.count()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('refuses a server whose certificate another CA signed, and one whose name is not the host (verify-full)', async () => {
    await expect(open(url(`sslmode=verify-full&sslrootcert=${server.otherCaFile}`))).rejects.toThrow(/cannot be reached.*(self.signed|unable to verify|certificate)/i);
    // 127.0.0.2 is loopback too, but not a name the certificate holds.
    await expect(open(url(`sslmode=verify-full&sslrootcert=${server.caFile}`, '127.0.0.2'))).rejects.toThrow(/cannot be reached/);
  });

  it('without TLS, the server (TLS only) turns the kiosk away; a missing CA file is named', async () => {
    await expect(open(url('sslmode=disable'))).rejects.toThrow(/cannot be reached.*no encryption|cannot be reached/);
    await expect(open(url('sslmode=verify-full&sslrootcert=/nonexistent/ca.crt'))).rejects.toThrow('sslrootcert=/nonexistent/ca.crt');
  });

  it('refuses at start a store on another host without TLS, or with unchecked TLS unless opted in', () => {
    const load = (env: Record<string, string>) => () => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SMTP_URL: 'smtp://relay.example.com:587', ...env });
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk' })).toThrow(/KIOSK_DATABASE_URL: reaches db\.shop\.example without TLS: add sslmode=verify-full/);
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk?sslmode=require' })).toThrow(/KIOSK_DATABASE_UNVERIFIED_TLS=1/);
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk?sslmode=verify-ca' })).toThrow(/sslrootcert=/);
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk?sslmode=prefer' })).toThrow(/sslmode: must be one of/);
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk?sslmode=require', KIOSK_DATABASE_UNVERIFIED_TLS: '1' })()).toMatchObject({
      databaseUnverifiedTls: true,
    });
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@db.shop.example:5432/kiosk?sslmode=verify-full' })()).toMatchObject({ databaseUnverifiedTls: false });
    // Loopback may stay plain.
    expect(load({ KIOSK_DATABASE_URL: 'postgres://kiosk:pw@127.0.0.1:5432/kiosk' })()).toMatchObject({ demo: false });
  });
});
