import type { MailState } from '../../../shared/contract/models';
import type { Logger } from '../logger';
import type { OutboxRepo } from '../store/outbox-repo';
import { startDemoMailbox, type DemoMailbox } from './demo-mailbox';
import { OutboxWorker } from './outbox-worker';
import { SecretSlots } from './secret-slots';
import { createSmtpSender, MailSendError, type RelayOptions, type SmtpSender } from './smtp-transport';

export interface MailService {
  worker: OutboxWorker;
  secrets: SecretSlots;
  /** The embedded demo mailbox in demo mode while no relay is configured, else undefined. */
  demoMailbox(): DemoMailbox | undefined;
  /** Switches between a relay and the demo mailbox (staff settings); pending mail follows. Never throws. */
  useRelay(smtpUrl: string | undefined): Promise<void>;
  /**
   * Tries the relay without sending (connect, STARTTLS, login): undefined when it works,
   * else why not, in IT's words. Never throws; never blocks a start.
   */
  probe(): Promise<string | undefined>;
  /** Why the relay last failed (a probe or a send), until a mail goes through; undefined when all is well. */
  relayProblem(): string | undefined;
  close(): Promise<void>;
}

/**
 * Mail through the configured relay, or, in demo mode, through the embedded
 * demo mailbox when none is set, so the whole flow works on a machine with no
 * mail server. Outside demo mode without a relay, mail waits in the outbox.
 */
export async function startMail(options: {
  smtpUrl: string | undefined;
  demo: boolean;
  outbox: OutboxRepo;
  log: Logger;
  now: () => number;
  onStatus: (mailId: number, state: MailState) => void;
  /** The relay's own CA and the EHLO name (the demo mailbox needs neither). */
  relayOptions?: Pick<RelayOptions, 'ca' | 'ehloName'>;
}): Promise<MailService> {
  let demoMailbox: DemoMailbox | undefined;
  let relay: string | undefined;
  let sender: SmtpSender | undefined;
  let problem: string | undefined;
  const secrets = new SecretSlots();
  const worker = new OutboxWorker({
    outbox: options.outbox,
    // Read at each send: a relay changed by staff is used for the next mail.
    send: async (mail) => {
      if (!sender) throw new Error('no mail relay configured: the mail waits in the outbox');
      try {
        await sender.send(mail);
        problem = undefined;
      } catch (error) {
        // A refusal of one mail (5xx for its recipient) says nothing about the relay itself.
        if (error instanceof MailSendError && !error.permanent) problem = error.message;
        throw error;
      }
    },
    secrets,
    log: options.log,
    now: options.now,
    onStatus: options.onStatus,
  });

  async function useRelay(smtpUrl: string | undefined): Promise<void> {
    if (sender && smtpUrl === relay) return;
    if (!smtpUrl && options.demo) demoMailbox ??= await startDemoMailbox();
    const previous = sender;
    relay = smtpUrl;
    const target = smtpUrl ?? demoMailbox?.url;
    problem = undefined;
    try {
      sender = target ? createSmtpSender(target, smtpUrl ? options.relayOptions : {}) : undefined;
    } catch (error) {
      // A relay that cannot be used must not stop the kiosk: mail waits in the outbox until staff fix it.
      sender = undefined;
      options.log.error('mail relay not usable: mail waits in the outbox', { error: error instanceof Error ? error.message : 'unknown' });
    }
    previous?.close();
    worker.nudge();
  }

  // Mail left pending by the last run goes out now.
  await useRelay(options.smtpUrl);
  return {
    worker,
    secrets,
    demoMailbox: () => (relay || !options.demo ? undefined : demoMailbox),
    useRelay,
    probe: async () => {
      const probed = sender && relay ? await sender.probe() : undefined;
      problem = probed;
      return probed;
    },
    relayProblem: () => problem,
    close: async () => {
      await worker.stop();
      sender?.close();
      await demoMailbox?.close();
    },
  };
}
