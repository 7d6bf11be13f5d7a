import { createTransport } from 'nodemailer';
import { allowsPlainSmtp, SMTP_URL_PROBLEM_TEXT, smtpUrlProblem } from '../../../shared/rules/smtp-url';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Sends one mail; rejects with a MailSendError. */
export type SendMail = (mail: OutgoingMail) => Promise<void>;

/** A failed send: permanent (5xx: retrying will not help) or transient (down, timeout, 4xx). */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** How long to wait for a relay before giving up this attempt (it is retried later). */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/**
 * A sender for one relay. smtps:// is TLS from the first byte; smtp:// must
 * upgrade with STARTTLS (requireTLS) before anything is sent, so a relay, or
 * anyone in between, that does not offer it never sees the relay password or
 * a code. Certificates are checked. Only `?tls=off` on a loopback relay (the
 * demo mailbox, tests) sends in clear. Throws on a URL that smtpUrlProblem refuses.
 */
export function createSmtpSender(smtpUrl: string, timeouts: SmtpTimeouts = DEFAULT_TIMEOUTS): { send: SendMail; close: () => void } {
  const problem = smtpUrlProblem(smtpUrl);
  if (problem) throw new Error(`mail relay URL ${SMTP_URL_PROBLEM_TEXT[problem]}`);
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !allowsPlainSmtp(url),
    tls: { rejectUnauthorized: true },
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    // A relay that hangs must not hold the outbox: fail and retry later.
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  return {
    send: async (mail) => {
      try {
        await transport.sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated' } });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        throw new MailSendError(message, code !== undefined && code >= 500 && code < 600);
      }
    },
    close: () => transport.close(),
  };
}
