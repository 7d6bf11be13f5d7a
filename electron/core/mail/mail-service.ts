import type { MailState } from '../../../shared/contract/models';
import type { Logger } from '../logger';
import type { OutboxRepo } from '../store/outbox-repo';
import { startDemoMailbox, type DemoMailbox } from './demo-mailbox';
import { OutboxWorker } from './outbox-worker';
import { SecretSlots } from './secret-slots';
import { createSmtpSender } from './smtp-transport';

export interface MailService {
  worker: OutboxWorker;
  secrets: SecretSlots;
  /** The embedded demo mailbox in demo mode while no relay is configured, else undefined. */
  demoMailbox(): DemoMailbox | undefined;
  /** Switches between a relay and the demo mailbox (staff settings); pending mail follows. Never throws. */
  useRelay(smtpUrl: string | undefined): Promise<void>;
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
}): Promise<MailService> {
  let demoMailbox: DemoMailbox | undefined;
  let relay: string | undefined;
  let sender: ReturnType<typeof createSmtpSender> | undefined;
  const secrets = new SecretSlots();
  const worker = new OutboxWorker({
    outbox: options.outbox,
    // Read at each send: a relay changed by staff is used for the next mail.
    send: (mail) => {
      if (!sender) throw new Error('no mail relay configured: the mail waits in the outbox');
      return sender.send(mail);
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
    try {
      sender = target ? createSmtpSender(target) : undefined;
    } catch (error) {
      // A relay that cannot be used must not stop the kiosk: mail waits in the outbox until staff fix it.
      sender = undefined;
      options.log.error('mail relay not usable: mail waits in the outbox', { error: error instanceof Error ? error.message : 'unknown' });
    }
    previous?.close();
    void worker.kick();
  }

  // Mail left pending by the last run goes out now.
  await useRelay(options.smtpUrl);
  return {
    worker,
    secrets,
    demoMailbox: () => (relay || !options.demo ? undefined : demoMailbox),
    useRelay,
    close: async () => {
      await worker.stop();
      sender?.close();
      await demoMailbox?.close();
    },
  };
}
