import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { issueServerCert, makeTestCa } from './test-ca';

/**
 * A PostgreSQL server of the test's own on loopback that speaks TLS only,
 * with a server certificate for `localhost` signed by a CA made for the test
 * (openssl). Started with Debian's initdb and pg_ctl as the `postgres` user;
 * root only, as the set-up is.
 */
export interface TlsPostgres {
  port: number;
  /** The CA that signed the server's certificate. */
  caFile: string;
  /** A CA that signed nothing of this server's. */
  otherCaFile: string;
  stop(): void;
}

const bin = (name: string) => {
  const version = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0];
  return `/usr/lib/postgresql/${version}/bin/${name}`;
};
const asPostgres = (command: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...command], { stdio: 'pipe', cwd: '/' });

export async function startTlsPostgres(): Promise<TlsPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-tls-pg-'));
  chmodSync(dir, 0o755);
  makeTestCa(dir, 'test-ca');
  makeTestCa(dir, 'other-ca');
  issueServerCert(dir, 'test-ca', 'server', ['DNS:localhost', 'IP:127.0.0.1']);
  const data = join(dir, 'data');
  const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
  for (const file of ['server.key', 'server.crt']) {
    chownSync(join(dir, file), uid, gid);
    chmodSync(join(dir, file), 0o600);
  }
  chownSync(dir, uid, gid);
  asPostgres([bin('initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'ssl = on',
      `ssl_cert_file = '${join(dir, 'server.crt')}'`,
      `ssl_key_file = '${join(dir, 'server.key')}'`,
      'fsync = off',
    ].join('\n'),
  );
  // TLS or nothing: a client without it is turned away.
  writeFileSync(join(data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\nlocal all all trust\n');
  asPostgres([bin('pg_ctl'), '-D', data, '-w', '-l', join(dir, 'server.log'), 'start']);
  return {
    port,
    caFile: join(dir, 'test-ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    stop: () => {
      try {
        asPostgres([bin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
