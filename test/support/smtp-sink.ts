import { EventEmitter } from 'node:events';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP relay on loopback for tests. `refuse(n, code)` makes the next n
 * deliveries fail with that SMTP reply code (4xx transient, 5xx permanent).
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** Every connection the relay took, and each user and password it was given (a test of where a password goes). */
  readonly contacts: Array<{ at: number }> = [];
  readonly logins: Array<{ username: string; password: string }> = [];
  private readonly events = new EventEmitter();
  private refusals: number[] = [];
  private stalls = 0;
  private server: SMTPServer | undefined;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  /** `auth`: the relay asks for this user and password (over plain SMTP on loopback), and refuses others. */
  async start(port = 0, { auth }: { auth?: { user: string; pass: string } } = {}): Promise<this> {
    this.server = new SMTPServer({
      authOptional: !auth,
      disabledCommands: auth ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
      allowInsecureAuth: true,
      onConnect: (_session, callback) => {
        this.contacts.push({ at: Date.now() });
        callback();
      },
      onAuth: (credentials, _session, callback) => {
        this.logins.push({ username: credentials.username ?? '', password: credentials.password ?? '' });
        if (auth && credentials.username === auth.user && credentials.password === auth.pass) callback(null, { user: auth.user });
        else callback(new Error('invalid username or password'));
      },
      logger: false,
      // Loopback only: a reverse DNS lookup of 127.0.0.1 tells nothing and may wait on an unreachable resolver.
      disableReverseLookup: true,
      onData: (stream, _session, callback) => {
        if (this.stalls > 0) {
          // Takes the message and never answers: the sender hangs mid-send.
          this.stalls -= 1;
          stream.resume();
          stream.once('end', () => this.events.emit('stalled'));
          return;
        }
        const refusal = this.refusals.shift();
        simpleParser(stream)
          .then((mail) => {
            if (refusal !== undefined) {
              const error = Object.assign(new Error(`refused by test relay (${refusal})`), { responseCode: refusal });
              callback(error);
              return;
            }
            const received: ReceivedMail = {
              to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')),
              from: mail.from?.value[0]?.address ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
            };
            this.mails.push(received);
            callback();
            this.events.emit('mail', received);
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  /** The next `times` messages are taken in and never answered, as by a relay that froze; resolves at the first. */
  stall(times = 1): Promise<void> {
    this.stalls += times;
    return new Promise((resolve) => this.events.once('stalled', () => resolve()));
  }

  refuse(times: number, code: number): void {
    this.refusals.push(...Array<number>(times).fill(code));
  }

  /** Resolves with the first mail (already here or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const found = this.mails.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('mail', listener);
        reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${this.mails.map((m) => m.subject).join(', ')})`));
      }, timeoutMs);
      const listener = (mail: ReceivedMail) => {
        if (!match(mail)) return;
        clearTimeout(timer);
        this.events.off('mail', listener);
        resolve(mail);
      };
      this.events.on('mail', listener);
    });
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The six-digit code in a code mail. */
export function codeIn(mail: ReceivedMail): string {
  const match = /認証コード: (\d{6})/.exec(mail.text);
  if (!match) throw new Error(`no code in mail: ${mail.subject}`);
  return match[1]!;
}
