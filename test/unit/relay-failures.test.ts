import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../electron/core/config';
import { readCertificateFile } from '../../electron/core/certificate-file';
import { createSmtpSender, MailSendError } from '../../electron/core/mail/smtp-transport';
import { freePort } from '../support/free-port';
import { startPostfixRelay, type PostfixRelay } from '../support/postfix-relay';
import { SmtpSink } from '../support/smtp-sink';
import { makeTempDir } from '../support/temp-dir';

/**
 * A shop's relay with its own CA (a real Postfix with STARTTLS and a test CA),
 * and every way a relay can fail, each said in words IT can act on: the
 * kiosk's own reason, never the library's message, never a password.
 */
let postfix: PostfixRelay;
const temp = makeTempDir();
beforeAll(async () => {
  postfix = await startPostfixRelay();
}, 60_000);
afterAll(() => {
  postfix?.stop();
  temp.cleanup();
});

const mail = (to: string, messageId: string) => ({ from: 'mypage@itscom.jp', to, subject: 'relay test', text: 't', html: '<p>t</p>', messageId });
const sendError = async (send: Promise<void>) => {
  const error = await send.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(MailSendError);
  return error as MailSendError;
};

describe('a relay with its own CA', () => {
  it('delivers with KIOSK_SMTP_CA_FILE, greeting with the kiosk\'s name', async () => {
    const sender = createSmtpSender(postfix.url, { ca: readCertificateFile(postfix.caFile, { requireCa: true }), ehloName: 'counter-1.shop.example' });
    try {
      expect(await sender.probe()).toBeUndefined();
      await sender.send(mail('taro@example.com', '<one@itscom.jp>'));
      const received = await postfix.waitFor((m) => m.messageId === '<one@itscom.jp>');
      // Postfix records the EHLO name and that the session was encrypted.
      expect(String(received.headers.get('received'))).toMatch(/from counter-1\.shop\.example .* with ESMTPS/);
    } finally {
      sender.close();
    }
  });

  it('without its CA: the certificate is not trusted, said so and how to fix it; the mail is kept for a retry', async () => {
    const sender = createSmtpSender(postfix.url);
    try {
      const reason = /^certificate not trusted: the certificate of localhost is not signed by a CA this kiosk trusts \(.+\); set KIOSK_SMTP_CA_FILE/;
      expect(await sender.probe()).toMatch(reason);
      const error = await sendError(sender.send(mail('taro@example.com', '<two@itscom.jp>')));
      expect(error.message).toMatch(reason);
      expect(error.permanent).toBe(false);
    } finally {
      sender.close();
    }
  });

  it('reached by another name than its certificate\'s: a name mismatch', async () => {
    const sender = createSmtpSender(`smtp://127.0.0.1:${postfix.port}`, { ca: readCertificateFile(postfix.caFile, { requireCa: true }) });
    try {
      expect(await sender.probe()).toBe('certificate name mismatch: the certificate of 127.0.0.1 is not made out to that name');
    } finally {
      sender.close();
    }
  });
});

describe('a relay that fails otherwise', () => {
  it('no STARTTLS offered, a refused login, nothing listening, and a refused recipient each say which', async () => {
    const plain = await new SmtpSink().start();
    const guarded = await new SmtpSink().start(0, { auth: { user: 'kiosk', pass: 'right-one' } });
    const closed = await freePort();
    try {
      // A relay that offers no STARTTLS, reached without tls=off: nothing is sent in clear.
      expect(await createSmtpSender(`smtp://127.0.0.1:${plain.port}`).probe()).toMatch(/^relay refused STARTTLS: 127\.0\.0\.1:\d+ answered/);
      const wrongLogin = createSmtpSender(`smtp://kiosk:Wrong-pass9@127.0.0.1:${guarded.port}?tls=off`);
      const refusedLogin = await wrongLogin.probe();
      expect(refusedLogin).toMatch(/^authentication failed at 127\.0\.0\.1:\d+: 535/);
      expect(refusedLogin).not.toContain('Wrong-pass9');
      expect(await createSmtpSender(`smtp://127.0.0.1:${closed}?tls=off`).probe()).toBe(`connection refused: nothing accepts connections at 127.0.0.1:${closed}`);
      plain.refuse(1, 550);
      const refusal = await sendError(createSmtpSender(plain.url).send(mail('taro@example.com', '<three@itscom.jp>')));
      expect(refusal.message).toMatch(/^refused by the relay: 550 /);
      expect(refusal.permanent).toBe(true);
    } finally {
      await plain.stop();
      await guarded.stop();
    }
  });
});

describe('KIOSK_SMTP_CA_FILE at start', () => {
  it('stops the start naming a file that is missing or holds no CA certificate', () => {
    const load = (file: string) => () => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SMTP_URL: postfix.url, KIOSK_SMTP_CA_FILE: file });
    expect(load(join(temp.dir, 'missing.crt'))).toThrow(new RegExp(`KIOSK_SMTP_CA_FILE: ${temp.dir}/missing\\.crt: cannot be read \\(ENOENT\\)`));
    writeFileSync(join(temp.dir, 'not-a-cert.pem'), 'hello');
    expect(load(join(temp.dir, 'not-a-cert.pem'))).toThrow(ConfigError);
    expect(load(join(temp.dir, 'not-a-cert.pem'))).toThrow(/not-a-cert\.pem: not a PEM CA certificate/);
    expect(load(postfix.caFile)()).toMatchObject({ smtpCa: { file: postfix.caFile, pem: readFileSync(postfix.caFile, 'utf8') } });
  });
});
