import { hostname } from 'node:os';
import { rootCertificates } from 'node:tls';
import { createTransport } from 'nodemailer';
import { describeSendFailure } from './send-failure';
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

export interface RelayOptions {
  timeouts?: SmtpTimeouts;
  /** PEM of the CA that signed the relay's certificate (KIOSK_SMTP_CA_FILE): trusted beside the system's, for the relay only. */
  ca?: string;
  /** The name this kiosk gives in EHLO (default: the host name). */
  ehloName?: string;
}

export interface SmtpSender {
  send: SendMail;
  /** Connects, greets, upgrades to TLS and logs in without sending: undefined when that works, else why not. */
  probe(): Promise<string | undefined>;
  close(): void;
}

/**
 * A sender for one relay. smtps:// is TLS from the first byte; smtp:// must
 * upgrade with STARTTLS (requireTLS) before anything is sent, so a relay, or
 * anyone in between, that does not offer it never sees the relay password or
 * a code. Certificates are checked. Only `?tls=off` on a loopback relay (the
 * demo mailbox, tests) sends in clear. Throws on a URL that smtpUrlProblem refuses.
 */
export function createSmtpSender(smtpUrl: string, { timeouts = DEFAULT_TIMEOUTS, ca, ehloName = hostname() }: RelayOptions = {}): SmtpSender {
  const problem = smtpUrlProblem(smtpUrl);
  if (problem) throw new Error(`mail relay URL ${SMTP_URL_PROBLEM_TEXT[problem]}`);
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const relay = { host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587 };
  const transport = createTransport({
    ...relay,
    secure,
    requireTLS: !secure && !allowsPlainSmtp(url),
    // The shop's CA beside the system's, for this connection only (NODE_EXTRA_CA_CERTS would trust it process-wide).
    tls: { rejectUnauthorized: true, ...(ca ? { ca: [...rootCertificates, ca] } : {}) },
    name: ehloName,
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
        throw new MailSendError(describeSendFailure(error, relay), code !== undefined && code >= 500 && code < 600);
      }
    },
    probe: async () => {
      try {
        await transport.verify();
        return undefined;
      } catch (error) {
        return describeSendFailure(error, relay);
      }
    },
    close: () => transport.close(),
  };
}
