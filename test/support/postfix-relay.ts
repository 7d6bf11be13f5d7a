import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './free-port';
import { issueServerCert, makeTestCa } from './test-ca';

/**
 * A real MTA as a shop's internal relay would be: Debian's Postfix on
 * loopback, offering STARTTLS with a certificate for `localhost` signed by a
 * CA made for the test, delivering every mail (any domain) into one mbox file
 * the test reads. A private instance (`postfix -c`), its own spool, started
 * and stopped by the test; root only, as the set-up is.
 */
export interface PostfixRelay {
  port: number;
  /** The kiosk's relay URL: STARTTLS required, certificates checked. */
  url: string;
  /** The CA that signed the relay's certificate. */
  caFile: string;
  /** Every mail delivered so far, parsed. */
  delivered(): Promise<ParsedMail[]>;
  /** Resolves with the delivered mails once `matches` finds one (polls the mailbox file). */
  waitFor(matches: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  stop(): void;
}

const uidOf = (flag: '-u' | '-g', user: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());

export async function startPostfixRelay(): Promise<PostfixRelay> {
  if (!existsSync('/usr/sbin/postfix')) throw new Error('Postfix is not installed (Debian package "postfix"; scripts/setup.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-postfix-'));
  chmodSync(dir, 0o755);
  const etc = join(dir, 'etc');
  const spool = join(dir, 'spool');
  const data = join(dir, 'data');
  const mail = join(dir, 'mail');
  for (const folder of [etc, spool, data, mail]) mkdirSync(folder, { recursive: true });
  const postfix = { uid: uidOf('-u', 'postfix'), gid: uidOf('-g', 'postfix') };
  chownSync(data, postfix.uid, postfix.gid);
  chownSync(mail, postfix.uid, postfix.gid);
  makeTestCa(dir, 'relay-ca');
  const { cert, key } = issueServerCert(dir, 'relay-ca', 'relay', ['DNS:localhost']);
  chmodSync(key, 0o600);
  // The package's own service table (a machine set up with "No configuration" has /etc/postfix without main.cf).
  copyFileSync(existsSync('/etc/postfix/master.cf') ? '/etc/postfix/master.cf' : '/usr/share/postfix/master.cf.dist', join(etc, 'master.cf'));
  for (const file of ['dynamicmaps.cf', 'postfix-files']) {
    if (existsSync(join('/etc/postfix', file))) copyFileSync(join('/etc/postfix', file), join(etc, file));
  }
  const port = await freePort();
  // Every domain is "ours" and lands in one mailbox: the kiosk's mail goes to example.com addresses.
  writeFileSync(join(etc, 'all-domains.regexp'), '/./ OK\n');
  writeFileSync(
    join(etc, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${spool}`,
      `data_directory = ${data}`,
      'mail_owner = postfix',
      'myhostname = relay.kiosk-test.invalid',
      'mydestination =',
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      'mynetworks = 127.0.0.0/8',
      'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination',
      `virtual_mailbox_domains = regexp:${join(etc, 'all-domains.regexp')}`,
      `virtual_mailbox_base = ${mail}`,
      'virtual_mailbox_maps = static:inbox',
      `virtual_uid_maps = static:${postfix.uid}`,
      `virtual_gid_maps = static:${postfix.gid}`,
      `smtpd_tls_cert_file = ${cert}`,
      `smtpd_tls_key_file = ${key}`,
      'smtpd_tls_security_level = may',
      `maillog_file = ${join(dir, 'maillog')}`,
      `maillog_file_prefixes = ${dir}`,
      'alias_maps =',
      'alias_database =',
      'biff = no',
      '',
    ].join('\n'),
  );
  // The one listener: the relay on its own port, not chrooted (its spool is a test folder).
  const master = readFileSync(join(etc, 'master.cf'), 'utf8')
    .split('\n')
    .filter((line) => !/^smtp\s+inet\b/.test(line))
    .join('\n');
  writeFileSync(join(etc, 'master.cf'), `${master}\n127.0.0.1:${port} inet n - n - - smtpd\n`);
  const run = (...args: string[]) => execFileSync('/usr/sbin/postfix', ['-c', etc, ...args], { stdio: 'pipe' });
  run('check');
  run('start');
  const inbox = join(mail, 'inbox');
  const delivered = async (): Promise<ParsedMail[]> => {
    if (!existsSync(inbox)) return [];
    // mbox: each message starts with a "From " line.
    const messages = readFileSync(inbox, 'utf8').split(/^From .*$/m).filter((text) => text.trim());
    return Promise.all(messages.map((text) => simpleParser(text.replace(/^\n/, '').replace(/^>From /gm, 'From '))));
  };
  return {
    port,
    url: `smtp://localhost:${port}`,
    caFile: join(dir, 'relay-ca.crt'),
    delivered,
    waitFor: async (matches, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await delivered()).find(matches);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail in the relay's mailbox within ${timeoutMs} ms; its log:\n${existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8').slice(-2000) : '(none)'}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: () => {
      try {
        run('stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
