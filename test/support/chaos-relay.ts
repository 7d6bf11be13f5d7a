import type { Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { seededRandom } from './seeded-random';

/** What the relay does with one connection. */
export type Misbehaviour =
  | 'reset' // closes the connection at once, as a refused connection looks to a client
  | 'silent' // never greets: the client times out
  | 'mail-4xx'
  | 'rcpt-5xx'
  | 'drop-mid-data' // hangs up half-way through the message
  | 'data-4xx'
  | 'data-5xx'
  | 'accept-then-drop' // keeps the mail but hangs up before saying so: the client will send it again
  | 'accept';

const smtpError = (code: number) => Object.assign(new Error(`chaos relay says ${code}`), { responseCode: code });

/**
 * A real SMTP relay on loopback that misbehaves at random: refuses, stays
 * silent, drops the connection mid-DATA, answers 4xx/5xx. `received` holds
 * every copy it kept, duplicates included; `calm()` makes it behave.
 */
export class ChaosRelay {
  readonly received: { messageId: string; to: string }[] = [];
  readonly tally = new Map<Misbehaviour, number>();
  private readonly sockets = new Map<number, Socket>();
  private readonly behaviour = new Map<number, Misbehaviour>();
  private server: SMTPServer | undefined;
  private chaos = true;
  private readonly next: () => number;
  port = 0;

  constructor(
    readonly seed: number,
    private readonly silenceMs: number,
  ) {
    this.next = seededRandom(seed);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  calm(): void {
    this.chaos = false;
  }

  private pick(): Misbehaviour {
    if (!this.chaos) return 'accept';
    const r = this.next();
    const table: [number, Misbehaviour][] = [
      [0.08, 'reset'],
      [0.12, 'silent'],
      [0.2, 'mail-4xx'],
      [0.25, 'rcpt-5xx'],
      [0.35, 'drop-mid-data'],
      [0.45, 'data-4xx'],
      [0.5, 'data-5xx'],
      [0.55, 'accept-then-drop'],
    ];
    return table.find(([limit]) => r < limit)?.[1] ?? 'accept';
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      // Loopback only: a reverse DNS lookup of 127.0.0.1 tells nothing and may wait on an unreachable resolver.
      disableReverseLookup: true,
      onConnect: (session, callback) => {
        const what = this.behaviour.get(session.remotePort) ?? 'accept';
        if (what === 'silent') setTimeout(() => callback(), this.silenceMs * 3).unref();
        else callback();
      },
      onMailFrom: (_address, session, callback) =>
        callback(this.behaviour.get(session.remotePort) === 'mail-4xx' ? smtpError(451) : undefined),
      onRcptTo: (_address, session, callback) =>
        callback(this.behaviour.get(session.remotePort) === 'rcpt-5xx' ? smtpError(550) : undefined),
      onData: (stream, session, callback) => {
        const what = this.behaviour.get(session.remotePort) ?? 'accept';
        if (what === 'drop-mid-data') {
          stream.once('data', () => this.sockets.get(session.remotePort)?.destroy());
          stream.resume();
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            if (what === 'data-4xx') return callback(smtpError(452));
            if (what === 'data-5xx') return callback(smtpError(554));
            const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';
            this.received.push({ messageId: mail.messageId ?? '', to });
            if (what === 'accept-then-drop') this.sockets.get(session.remotePort)?.destroy();
            else callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    // Decide each connection's fate as it arrives; a reset one never reaches the SMTP layer.
    this.server.server.prependListener('connection', (socket: Socket) => {
      const what = this.pick();
      this.tally.set(what, (this.tally.get(what) ?? 0) + 1);
      if (what === 'reset') {
        socket.destroy();
        return;
      }
      const port = socket.remotePort!;
      this.sockets.set(port, socket);
      this.behaviour.set(port, what);
      socket.once('close', () => {
        this.sockets.delete(port);
        this.behaviour.delete(port);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.values()) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
