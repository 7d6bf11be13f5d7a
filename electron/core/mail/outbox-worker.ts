import { randomUUID } from 'node:crypto';
import type { MailState } from '../../../shared/contract/models';
import type { Logger } from '../logger';
import type { OutboxMail, OutboxRepo } from '../store/outbox-repo';
import type { SecretSlots } from './secret-slots';
import { MailSendError, type SendMail } from './smtp-transport';
import { SECRET_SLOT } from './templates';

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;

/** 5 s, 10 s, 20 s … capped at 10 minutes: a relay that is down is retried for as long as it takes. */
export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface OutboxWorkerDeps {
  outbox: OutboxRepo;
  send: SendMail;
  secrets: SecretSlots;
  log: Logger;
  now: () => number;
  onStatus: (mailId: number, state: MailState) => void;
  /** How long a claimed mail is this worker's (default: longer than a whole SMTP exchange with its timeouts). */
  claimMs?: number;
  /** The wait before the next try after `attempts` failed ones (default: retryDelay). */
  retryDelayMs?: (attempts: number) => number;
}

/**
 * Delivers outbox mail. A relay that is down delays mail but loses none: a
 * transient failure is retried with backoff; only a permanent (5xx) refusal
 * ends a mail as failed, where staff see it. The Message-ID is fixed per row,
 * so a receiver can drop the duplicate a crash between send and mark could cause.
 */
/**
 * How long a claimed mail is this worker's: longer than a whole SMTP exchange
 * with its timeouts. A worker takes one mail at a time, so no mail waits out
 * its claim behind others and is taken over by another kiosk's worker while
 * this one still means to send it.
 */
const CLAIM_MS = 2 * 60_000;
/** The longest this worker sleeps: mail another kiosk queued or left behind is found within this. */
const POLL_MS = 60_000;

export class OutboxWorker {
  /** Names this worker's claims on outbox rows. */
  private readonly workerId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** What a kick made while a round was under way waits for: the round after it. */
  private followUp: Promise<void> | undefined;
  private stopped = false;

  private readonly claimMs: number;

  constructor(private readonly deps: OutboxWorkerDeps) {
    this.claimMs = deps.claimMs ?? CLAIM_MS;
  }

  /**
   * Starts delivering what is due now, without waiting: call after enqueueing.
   * Safe to leave running, as kick() never rejects.
   */
  nudge(): void {
    void this.kick();
  }

  /** Delivers what is due now. Never rejects: a failure is logged and the mail tried again later. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      // The round under way may have looked before this mail was due: the answer waits for the round after it
      // (one follow-up round for every kick that came meanwhile).
      this.again = true;
      this.followUp ??= this.running.then(() => {
        this.followUp = undefined;
        return this.running;
      });
      return this.followUp;
    }
    this.running = this.drain().then(
      () => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
          // schedule() catches its own store failure.
        } else void this.schedule();
      },
      (error: unknown) => {
        // The store is full or locked: the mail stays pending and is tried again later.
        this.running = undefined;
        this.again = false;
        this.deps.log.error('outbox paused', { error: error instanceof Error ? error.message : 'unknown' });
        this.retryIn(FIRST_RETRY_MS);
      },
    );
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async schedule(): Promise<void> {
    let next: number | undefined;
    try {
      next = await this.deps.outbox.nextDueAt();
    } catch {
      next = this.deps.now() + FIRST_RETRY_MS;
    }
    // Another kiosk of the shop may queue mail (or die holding some) without kicking this worker: look again within a minute.
    this.retryIn(Math.min(next ?? Infinity, this.deps.now() + POLL_MS) - this.deps.now());
  }

  private retryIn(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.nudge(), Math.max(0, ms));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.deps.now();
      const [mail] = await this.deps.outbox.claimDue(this.workerId, now, 1, now + this.claimMs);
      if (!mail) return;
      await this.deliver(mail);
    }
  }

  private async deliver(mail: OutboxMail): Promise<void> {
    const { outbox, send, secrets, log, now, onStatus } = this.deps;
    let { text, html } = mail;
    if (mail.hasSecretSlot) {
      const secret = secrets.take(mail.id, now());
      if (secret === undefined) {
        await outbox.markFinal(mail.id, 'expired', mail.attempts, 'secret no longer held');
        onStatus(mail.id, 'failed');
        return;
      }
      text = text.replaceAll(SECRET_SLOT, secret);
      html = html.replaceAll(SECRET_SLOT, secret);
    }
    if (mail.attempts === 0) onStatus(mail.id, 'sending');
    try {
      await send({ from: mail.from, to: mail.to, subject: mail.subject, text, html, messageId: mail.messageId });
      await outbox.markSent(mail.id, now());
      secrets.delete(mail.id);
      log.info('mail sent', { mailId: mail.id, kind: mail.kind });
      onStatus(mail.id, 'sent');
    } catch (error) {
      const attempts = mail.attempts + 1;
      // The sender's own words for why (send-failure.ts: never a URL, password or body), kept short all the same.
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      if (error instanceof MailSendError && error.permanent) {
        // The secret stays (until it expires with its code): staff may retry the mail.
        await outbox.markFinal(mail.id, 'failed', attempts, reason);
        log.error('mail refused for good', { mailId: mail.id, kind: mail.kind, attempts, reason });
        onStatus(mail.id, 'failed');
      } else {
        await outbox.markRetry(mail.id, attempts, now() + (this.deps.retryDelayMs ?? retryDelay)(attempts), reason);
        log.warn('mail delayed', { mailId: mail.id, kind: mail.kind, attempts, reason });
        onStatus(mail.id, 'retrying');
      }
    }
  }
}
