/**
 * Why a mail could not go out, in words an IT person acts on: which of the
 * relay's certificate, its name, STARTTLS, the login, the connection or the
 * relay's own refusal it was. Never a password or a code: only the error's
 * code and the relay's reply are used, never the message or the URL.
 */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

interface SmtpError {
  code?: string;
  /** nodemailer's own code replaces the system's (ECONNREFUSED, a TLS check) and keeps it here. */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** The relay's reply, one line, without anything after a line break. */
const reply = (text: string | undefined) => (text ?? '').split(/\r?\n/)[0]!.slice(0, 200);

export function describeSendFailure(error: unknown, relay: { host: string; port: number }): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const system = e.originalCode ?? e.code ?? '';
  const where = `${relay.host}:${relay.port}`;
  if (UNTRUSTED.has(system)) {
    return `certificate not trusted: the certificate of ${relay.host} is not signed by a CA this kiosk trusts (${system}); set KIOSK_SMTP_CA_FILE to the CA that signed it`;
  }
  if (system === 'ERR_TLS_CERT_ALTNAME_INVALID') return `certificate name mismatch: the certificate of ${relay.host} is not made out to that name`;
  if (system === 'CERT_HAS_EXPIRED') return `certificate expired: the certificate of ${relay.host} is past its end date`;
  if (e.code === 'ETLS' || e.command === 'STARTTLS') return `relay refused STARTTLS: ${where} answered ${reply(e.response) || 'without TLS'}`;
  if (e.code === 'EAUTH') return `authentication failed at ${where}: ${reply(e.response) || 'user or password refused'}`;
  if (system === 'ECONNREFUSED') return `connection refused: nothing accepts connections at ${where}`;
  if (system === 'ENOTFOUND' || system === 'EAI_AGAIN') return `relay host not found: ${relay.host} does not resolve`;
  if (system === 'ETIMEDOUT' || e.code === 'ETIMEDOUT') return `connection timed out: ${where} did not answer in time`;
  if (system === 'ECONNRESET' || system === 'EPIPE') return `connection closed by ${where} mid-send`;
  if (e.responseCode) return `refused by the relay: ${reply(e.response)}${e.command ? ` (after ${e.command})` : ''}`;
  return `could not send through ${where} (${system || 'unknown error'})`;
}
