/**
 * What makes a mail relay URL usable, checked the same way in the staff form,
 * the core, the environment and config.json, and on the value stored in the
 * database (which may predate a rule): smtp:// or smtps://, a host, a port of
 * 1–65535 when given. `?tls=off` (no STARTTLS required) is accepted only for a
 * relay on this machine (the demo mailbox, tests): anywhere else the relay
 * password and every code would cross the network in clear.
 */
export type SmtpUrlProblem = 'not_url' | 'scheme' | 'host' | 'port' | 'insecure_remote';

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Whether the URL explicitly allows a relay without TLS. */
export function allowsPlainSmtp(url: URL): boolean {
  return url.protocol === 'smtp:' && url.searchParams.get('tls') === 'off';
}

export function smtpUrlProblem(value: string): SmtpUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // "smtp://relay:25x", "smtp://relay:70000" and spaces all end here.
    return /^smtps?:\/\/[^/:]+:/i.test(value) ? 'port' : 'not_url';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return 'scheme';
  if (!url.hostname) return 'host';
  if (url.port !== '' && (Number(url.port) < 1 || Number(url.port) > 65535)) return 'port';
  if (allowsPlainSmtp(url) && !isLoopbackHost(url.hostname)) return 'insecure_remote';
  return undefined;
}

/** For operators (environment, config.json, logs): English, naming what to fix. */
export const SMTP_URL_PROBLEM_TEXT: Record<SmtpUrlProblem, string> = {
  not_url: 'not a URL; expected e.g. smtp://relay.example.com:587',
  scheme: 'must start with smtp:// or smtps://',
  host: 'has no host name',
  port: 'has a port that is not a number from 1 to 65535',
  insecure_remote: 'tls=off is allowed only for a relay on this machine (127.0.0.1, ::1, localhost)',
};

/**
 * A relay's password never leaves the environment (KIOSK_SMTP_URL, normally in
 * the kiosk's 0640 kiosk.env): staff screens show it as this mask, and the
 * store keeps relay URLs without one.
 */
export const MASKED_PASSWORD = '••••';

function parsed(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The URL as staff may see it: `smtp://user:••••@host:587` (no password: as it is). */
export function maskRelayPassword(value: string): string {
  const url = parsed(value);
  if (!url?.password) return value;
  return `${url.protocol}//${url.username}:${MASKED_PASSWORD}@${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
}

/** Whether a URL typed by staff carries a password of its own (not the mask): the store never takes one. */
export function hasClearPassword(value: string): boolean {
  const url = parsed(value);
  return !!url?.password && decodeURIComponent(url.password) !== MASKED_PASSWORD;
}

/** The URL without its password (or the mask), as the store keeps it. */
export function withoutPassword(value: string): string {
  const url = parsed(value);
  if (!url?.password) return value;
  url.password = '';
  return url.toString();
}

/** The port a relay URL names, or its scheme's own (smtps 465, smtp 587): `smtp://h` and `smtp://h:587` are one relay. */
const portOf = (url: URL) => url.port || (url.protocol === 'smtps:' ? '465' : '587');

/**
 * The relay staff stored, with the password the environment gives: only for
 * the very relay IT gave it for (same scheme, host, port and user). A relay
 * staff point elsewhere with the same user name gets no password: it must
 * never be sent to a host it was not meant for.
 */
export function withConfiguredPassword(stored: string, configured: string | undefined): string {
  const url = parsed(stored);
  const source = configured === undefined ? undefined : parsed(configured);
  if (!url?.username || !source?.password || source.username !== url.username) return stored;
  if (source.protocol !== url.protocol || source.hostname.toLowerCase() !== url.hostname.toLowerCase() || portOf(source) !== portOf(url)) return stored;
  url.password = source.password;
  return url.toString();
}
