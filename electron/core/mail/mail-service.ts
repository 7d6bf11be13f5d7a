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
  /** Present when no relay is configured: the embedded demo mailbox. */
  demoMailbox: DemoMailbox | undefined;
  close(): Promise<void>;
}

/**
 * Mail through the configured relay, or through the embedded demo mailbox when
 * none is set, so the whole flow works on a machine with no mail server.
 */
export async function startMail(options: {
  smtpUrl: string | undefined;
  outbox: OutboxRepo;
  log: Logger;
  now: () => number;
  onStatus: (mailId: number, state: MailState) => void;
}): Promise<MailService> {
  const demoMailbox = options.smtpUrl ? undefined : await startDemoMailbox();
  const sender = createSmtpSender(options.smtpUrl ?? demoMailbox!.url);
  const secrets = new SecretSlots();
  const worker = new OutboxWorker({ outbox: options.outbox, send: sender.send, secrets, log: options.log, now: options.now, onStatus: options.onStatus });
  // Mail left pending by the last run goes out now.
  void worker.kick();
  return {
    worker,
    secrets,
    demoMailbox,
    close: async () => {
      await worker.stop();
      sender.close();
      await demoMailbox?.close();
    },
  };
}
