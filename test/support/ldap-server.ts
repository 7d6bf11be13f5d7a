import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
import { issueServerCert, makeTestCa } from './test-ca';
import { makeTempDir } from './temp-dir';

/**
 * A real OpenLDAP server for a test: Debian's slapd on loopback, configured
 * from build/ldap/ (the kiosk's schema, ppolicy, unique), TLS from a test CA
 * of its own (ldaps:// and StartTLS on ldap://), seeded with the test
 * entries. Stopped and its folder removed by `stop()`.
 */
export interface LdapServer {
  /** ldaps://127.0.0.1:port */
  ldapsUrl: string;
  /** ldap://127.0.0.1:port (StartTLS) */
  ldapUrl: string;
  /** The CA file that signed its certificate. */
  caFile: string;
  baseDn: string;
  service: { dn: string; password: string };
  admin: { dn: string; password: string };
  customers: { taro: { dn: string; password: string }; hanako: { dn: string; password: string } };
  /** What the kiosk's client needs to reach it as its service account (ldaps:// unless another URL is given). */
  clientSettings(url?: string): { url: string; baseDn: string; bindDn: string; bindPassword: string; ca: string };
  /** ldapwhoami with these credentials over StartTLS: true when the bind succeeds. */
  canBind(dn: string, password: string): boolean;
  /** An ldapsearch as the admin, as LDIF. */
  search(filter: string, attributes?: string[]): string;
  /** An ldapmodify as the admin (the provider's own systems changing an entry). */
  modify(ldif: string): void;
  /** Stops slapd (its data kept) and starts it again on the same ports. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

const BUILD = join(import.meta.dirname, '../../build/ldap');
const SLAPD = '/usr/sbin/slapd';

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`);

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}): ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on ${port}: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startLdapServer(): Promise<LdapServer> {
  const temp = makeTempDir('kiosk-ldap-');
  const dir = temp.dir;
  const certs = join(dir, 'certs');
  mkdirSync(certs);
  makeTestCa(certs, 'directory-ca');
  const { cert, key } = issueServerCert(certs, 'directory-ca', 'directory', ['DNS:localhost', 'IP:127.0.0.1']);
  const caFile = join(certs, 'directory-ca.crt');
  const passwords = { admin: 'Admin-secret-1', service: 'Service-secret-1', taro: 'Demo-pass1', hanako: 'Hanako_2026' };
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'slapd.d'));
  const config = fill(readFileSync(join(BUILD, 'test-directory.ldif'), 'utf8'), {
    DIR: dir,
    CA_FILE: caFile,
    CERT_FILE: cert,
    KEY_FILE: key,
    SCHEMA_FILE: join(dir, 'schema.ldif'),
    ADMIN_PASSWORD: passwords.admin,
  });
  // slapadd reads the schema as an include: the shipped file, as it would be loaded into a live server.
  writeFileSync(join(dir, 'schema.ldif'), readFileSync(join(BUILD, 'mypage-kiosk-schema.ldif')));
  writeFileSync(join(dir, 'config.ldif'), config);
  execFileSync('/usr/sbin/slapadd', ['-n', '0', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'config.ldif')], { stdio: 'pipe' });
  const entries = fill(readFileSync(join(BUILD, 'test-entries.ldif'), 'utf8'), {
    SERVICE_PASSWORD: passwords.service,
    TARO_PASSWORD: passwords.taro,
    HANAKO_PASSWORD: passwords.hanako,
  });
  writeFileSync(join(dir, 'entries.ldif'), entries);
  // Offline, as the directory's own loading tool: passwords are hashed by the policy on later changes.
  execFileSync('/usr/sbin/slapadd', ['-n', '1', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'entries.ldif')], { stdio: 'pipe' });
  chmodSync(key, 0o600);

  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  // By address: libldap checks the certificate against the host name it canonicalizes "localhost" to.
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  let child: ChildProcess | undefined;
  let output = '';
  const startServer = async () => {
    output = '';
    child = spawn(SLAPD, ['-d', '0', '-h', `ldap://127.0.0.1:${ldapPort}/ ldaps://127.0.0.1:${ldapsPort}/`, '-F', join(dir, 'slapd.d')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForPort(ldapsPort, child, () => output);
  };
  const stopServer = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  await startServer();

  const baseDn = 'dc=itscom,dc=test';
  const admin = { dn: `cn=admin,${baseDn}`, password: passwords.admin };
  const env = { ...process.env, LDAPTLS_CACERT: caFile };
  return {
    ldapUrl,
    ldapsUrl,
    caFile,
    baseDn,
    admin,
    service: { dn: `cn=kiosk,ou=services,${baseDn}`, password: passwords.service },
    customers: {
      taro: { dn: `uid=yamada.taro,ou=customers,${baseDn}`, password: passwords.taro },
      hanako: { dn: `uid=hanako.suzuki@example.com,ou=customers,${baseDn}`, password: passwords.hanako },
    },
    clientSettings: (url = ldapsUrl) => ({
      url,
      baseDn: `ou=customers,${baseDn}`,
      bindDn: `cn=kiosk,ou=services,${baseDn}`,
      bindPassword: passwords.service,
      ca: readFileSync(caFile, 'utf8'),
    }),
    canBind(dn, password) {
      try {
        execFileSync('ldapwhoami', ['-x', '-ZZ', '-H', ldapUrl, '-D', dn, '-w', password], { env, stdio: 'pipe' });
        return true;
      } catch {
        return false;
      }
    },
    search(filter, attributes = []) {
      return execFileSync('ldapsearch', ['-x', '-ZZ', '-LLL', '-o', 'ldif-wrap=no', '-H', ldapUrl, '-D', admin.dn, '-w', admin.password, '-b', baseDn, filter, ...attributes], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    },
    modify(ldif) {
      execFileSync('ldapmodify', ['-x', '-ZZ', '-H', ldapUrl, '-D', admin.dn, '-w', admin.password], { env, input: ldif, stdio: ['pipe', 'pipe', 'pipe'] });
    },
    stopServer,
    startServer,
    async stop() {
      await stopServer();
      temp.cleanup();
    },
  };
}
