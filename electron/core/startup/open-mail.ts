import type { MailState } from '../../../shared/contract/models';
import type { ResourceStack } from '../lifecycle/resource-stack';
import { startMail, type MailService } from '../mail/mail-service';
import type { Base } from './open-base';

/**
 * Mail: the shop's relay (or, in demo mode, the embedded mailbox) and the
 * outbox worker, switched when staff change the relay. `onStatus` hears each
 * mail's delivery state.
 */
export async function openMail(resources: ResourceStack, { config, settings, store, log, now }: Base, onStatus: (mailId: number, state: MailState) => void): Promise<MailService> {
  const mail = await resources.use(
    () =>
      startMail({
        demo: config.demo,
        smtpUrl: settings.current().smtpUrl,
        outbox: store.outbox,
        log,
        now,
        relayOptions: { ca: config.smtpCa?.pem, ehloName: config.smtpEhloName },
        onStatus,
      }),
    (started) => started.close(),
  );
  settings.onChange((next) => {
    mail.useRelay(next.smtpUrl).catch((error: unknown) => {
      log.error('mail relay not switched: mail waits in the outbox', { error: error instanceof Error ? error.message : 'unknown' });
    });
  });
  return mail;
}
