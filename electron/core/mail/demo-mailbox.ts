import type { AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DemoMail } from '../../../shared/contract/models';

const KEEP = 100;

export interface DemoMailbox {
  /** smtp:// URL nodemailer sends to. */
  url: string;
  list(): DemoMail[];
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

/**
 * The embedded demo mailbox: a real SMTP server on loopback that keeps the
 * last 100 messages in memory (never on disk: they hold verification codes).
 * It runs only in demo mode; a customer sees only their own procedure's mail
 * (see the mailbox.list handler), staff see all.
 */
export async function startDemoMailbox(): Promise<DemoMailbox> {
  const received: DemoMail[] = [];
  let nextId = 1;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: 1024 * 1024,
    logger: false,
    // Loopback only: a reverse DNS lookup of 127.0.0.1 tells nothing and may wait on an unreachable resolver.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      // mailparser is loaded with the first mail, not at start-up (it costs ~0.2 s to load).
      import('mailparser')
        .then(({ simpleParser }) => simpleParser(stream))
        .then((mail) => {
          received.unshift({
            id: nextId++,
            messageId: mail.messageId ?? '',
            to: addresses(mail.to),
            from: addresses(mail.from)[0] ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: Date.now(),
          });
          received.length = Math.min(received.length, KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  return {
    // Loopback, in this process: no TLS needed (and none offered).
    url: `smtp://127.0.0.1:${port}?tls=off`,
    list: () => received.map((mail) => ({ ...mail, to: [...mail.to] })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
