import { randomUUID } from 'node:crypto';
import type { NewOutboxMail, OutboxRepo } from '../store/outbox-repo';
import type { MailContent } from './templates';

/**
 * A fresh Message-ID in the sender's own domain (RFC 5322 wants a name the
 * sender controls): receivers (and the tests) tell each mail apart by it.
 */
export const newMessageId = (from: string) => `<${randomUUID()}@${from.slice(from.lastIndexOf('@') + 1) || 'localhost'}>`;

/**
 * Queues `mail` in the caller's transaction, so it goes out only if the change
 * it reports is committed. A notice holds no secret slot unless said.
 */
export function queueMail(
  outbox: OutboxRepo,
  mail: MailContent,
  envelope: Pick<NewOutboxMail, 'kind' | 'to' | 'from'> & Partial<Pick<NewOutboxMail, 'messageId' | 'hasSecretSlot' | 'procedureId'>>,
  at: number,
): Promise<number> {
  return outbox.enqueue({ ...mail, messageId: newMessageId(envelope.from), hasSecretSlot: false, ...envelope }, at);
}
