import { PRINTER_NAME, PRINTER_NAME_PROBLEM } from '../rules/printer-name';
import { z } from 'zod';
import { parseDatabaseUrl } from '../rules/database-url';
import { SMTP_URL_PROBLEM_TEXT, smtpUrlProblem } from '../rules/smtp-url';

/**
 * Runtime configuration: a `config.json` in the data directory, overridden by
 * KIOSK_* environment variables (README.md, "Configuration"). Both are parsed with these schemas.
 */
const port = z.coerce.number().int().min(1024).max(65535);
const smtpUrl = z.string().superRefine((value, ctx) => {
  const problem = smtpUrlProblem(value);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: SMTP_URL_PROBLEM_TEXT[problem] });
});
// The opt-in for sslmode=require (KIOSK_DATABASE_UNVERIFIED_TLS) is weighed in loadConfig, which sees both.
const databaseUrl = z.string().superRefine((value, ctx) => {
  const parsed = parseDatabaseUrl(value, { allowUnverifiedTls: true });
  if (!parsed.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
});
/** A kiosk's or a shop's name as staff read it: printable, one line. */
const label = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'must be printable characters on one line');
const flag = z.enum(['0', '1']).transform((value) => value === '1');
/** A DNS name (letters, digits, hyphens and dots), as EHLO takes it. */
const hostName = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'must be a host name (letters, digits, hyphens, dots)');

export const kioskEnvSchema = z.object({
  KIOSK_DATA_DIR: z.string().min(1).optional(),
  KIOSK_SHELL: z.enum(['electron', 'chromium']).optional(),
  KIOSK_SMTP_URL: smtpUrl.optional(),
  /** The CA (PEM file) that signed the relay's certificate, trusted beside the system's for the relay only. */
  KIOSK_SMTP_CA_FILE: z.string().min(1).max(500).optional(),
  /** The name the kiosk gives the relay in EHLO (default: the host name). */
  KIOSK_SMTP_EHLO_NAME: hostName.optional(),
  KIOSK_MAIL_FROM: z.string().email().optional(),
  KIOSK_DEMO: flag.optional(),
  KIOSK_PRINTER: z.string().regex(PRINTER_NAME, PRINTER_NAME_PROBLEM).optional(),
  KIOSK_PAPER_SIZE: z.enum(['a4', 'roll80']).optional(),
  KIOSK_SHOP_NAME: z.string().min(1).max(60).optional(),
  KIOSK_IDLE_SECONDS: z.coerce.number().int().min(10).max(3600).optional(),
  KIOSK_IDLE_WARNING_SECONDS: z.coerce.number().int().min(5).max(120).optional(),
  /** The shared PIN of kiosks before staff accounts: a shop without staff gets it as manager 0000 (who sets a new PIN at the first entry). */
  KIOSK_STAFF_PIN: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits').optional(),
  /** Staff mode closes by itself after this long without a touch. */
  KIOSK_STAFF_IDLE_SECONDS: z.coerce.number().int().min(30).max(3600).optional(),
  /** Audit rows older than this many days are purged (oldest first; the database refuses younger than 30). */
  KIOSK_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).optional(),
  KIOSK_CODE_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).optional(),
  KIOSK_REMOTE_DEBUGGING_PORT: port.optional(),
  /** Unset: the embedded SQLite file in the data dir. */
  KIOSK_DATABASE_URL: databaseUrl.optional(),
  /** `1`: a store on another host may be reached with sslmode=require (encrypted, the server not checked). Logged at start. */
  KIOSK_DATABASE_UNVERIFIED_TLS: flag.optional(),
  /** This kiosk's name for staff (default: the host name); unique among the live kiosks of its shop. */
  KIOSK_NAME: label.optional(),
  /** The shop this kiosk belongs to: staff mode shows the shop's kiosks (default `main`). */
  KIOSK_SHOP: label.optional(),
  /** The provider's LDAP directory as the account store: ldaps://host:port, or ldap://host:port (StartTLS). Unset: the kiosk's own store. */
  KIOSK_DIRECTORY_URL: z
    .string()
    .max(300)
    .regex(/^ldaps?:\/\/[^/\s?#]+(:\d{1,5})?\/?$/, 'must be ldaps://host:port, or ldap://host:port (StartTLS is then required)')
    .optional(),
  /** Where customer entries are searched (subtree). */
  KIOSK_DIRECTORY_BASE_DN: z.string().min(3).max(500).optional(),
  /** The kiosk's service account, and its password (from the environment or the 0640 kiosk.env; never shown, logged or stored). */
  KIOSK_DIRECTORY_BIND_DN: z.string().min(3).max(500).optional(),
  KIOSK_DIRECTORY_BIND_PASSWORD: z.string().min(1).max(500).optional(),
  /** The CA (PEM file) that signed the directory's certificate (default: the system's CAs). */
  KIOSK_DIRECTORY_CA_FILE: z.string().min(1).max(500).optional(),
  /** The attribute map: the ID (default uid), the contact address (mail), the entries' class (inetOrgPerson). */
  KIOSK_DIRECTORY_ID_ATTRIBUTE: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/, 'must be an attribute name').optional(),
  KIOSK_DIRECTORY_MAIL_ATTRIBUTE: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/, 'must be an attribute name').optional(),
  KIOSK_DIRECTORY_OBJECT_CLASS: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/, 'must be an object class name').optional(),
  /** What speaks 「音声案内」: espeak-ng (default, Debian main), Open JTalk with an installed HTS voice, or off. */
  KIOSK_SPEECH_ENGINE: z.enum(['espeak-ng', 'open-jtalk', 'off']).optional(),
  /** Open JTalk's voice: an .htsvoice file the shop installed (docs/operations.md). */
  KIOSK_SPEECH_VOICE: z.string().min(1).max(500).optional(),
  /** Open JTalk's dictionary directory (default: Debian's naist-jdic). */
  KIOSK_SPEECH_DICTIONARY: z.string().min(1).max(500).optional(),
  /**
   * A headset's output for private listening (a PulseAudio sink, or an ALSA device without
   * PulseAudio): the keys of the on-screen keyboard over a password, code or PIN are said
   * there, and only there. Unset: those keys are never said.
   */
  KIOSK_SPEECH_PRIVATE_SINK: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.:,=-]{0,199}$/, 'must be a sink or device name (letters, digits, _ . : , = -), not starting with -').optional(),
  /** Where `/metrics` and `/healthz` are served: HOST:PORT (`127.0.0.1:9464`, `[::1]:9464`). Unset: not served. */
  KIOSK_METRICS_LISTEN: z
    .string()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|localhost):\d{1,5}$/, 'must be HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464')
    .transform((value) => {
      const at = value.lastIndexOf(':');
      return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(value.slice(at + 1)) };
    })
    .pipe(z.object({ host: z.string(), port: z.number().int().min(1024, 'port must be 1024 to 65535').max(65535, 'port must be 1024 to 65535') }))
    .optional(),
  /** `1`: KIOSK_METRICS_LISTEN may be an address other machines reach (the metrics then leave this PC: on purpose only). */
  KIOSK_METRICS_REMOTE: flag.optional(),
});

export const kioskConfigFileSchema = z
  .object({
    smtpUrl: smtpUrl.optional(),
    smtpCaFile: z.string().min(1).max(500).optional(),
    smtpEhloName: hostName.optional(),
    mailFrom: z.string().email().optional(),
    demo: z.boolean().optional(),
    printer: z.string().regex(PRINTER_NAME, PRINTER_NAME_PROBLEM).optional(),
    paperSize: z.enum(['a4', 'roll80']).optional(),
    shopName: z.string().min(1).max(60).optional(),
    idleSeconds: z.number().int().min(10).max(3600).optional(),
    idleWarningSeconds: z.number().int().min(5).max(120).optional(),
    codeTtlSeconds: z.number().int().min(60).max(86400).optional(),
  })
  .strict();

/** The resolved configuration every part of the app reads. */
export interface KioskConfig {
  dataDir: string;
  shell?: 'electron' | 'chromium';
  smtpUrl?: string;
  /** The CA that signed the relay's certificate: its file, and the PEM read (and checked) from it at start. */
  smtpCa?: { file: string; pem: string };
  /** The name given in EHLO (default: the host name). */
  smtpEhloName?: string;
  mailFrom: string;
  demo: boolean;
  printer?: string;
  paperSize: 'a4' | 'roll80';
  shopName: string;
  idleSeconds: number;
  idleWarningSeconds: number;
  /** The shared PIN of before staff accounts: manager 0000 of a shop without staff. */
  staffPin?: string;
  /** Staff mode closes by itself after this long without a touch (default DEFAULT_STAFF_IDLE_SECONDS). */
  staffIdleSeconds?: number;
  /** Audit rows older than this many days are purged (default DEFAULT_AUDIT_RETENTION_DAYS). */
  auditRetentionDays?: number;
  codeTtlSeconds: number;
  remoteDebuggingPort?: number;
  /** A shared PostgreSQL store; unset, the SQLite file in the data dir. */
  databaseUrl?: string;
  /** sslmode=require to another host accepted on purpose (KIOSK_DATABASE_UNVERIFIED_TLS=1). */
  databaseUnverifiedTls?: boolean;
  /** This kiosk's name for staff. */
  kioskName: string;
  /** The shop whose kiosks share staff mode's view. */
  shop: string;
  /** The provider's directory as the account store; unset, the kiosk's own store. */
  directory?: DirectoryConfig;
  /** What speaks 「音声案内」. */
  speech: SpeechConfig;
  /** Where `/metrics` and `/healthz` are served; unset, nowhere. */
  metricsListen?: { host: string; port: number };
}

export type SpeechConfig = ({ engine: 'espeak-ng' | 'off' } | { engine: 'open-jtalk'; voice: string; dictionary: string }) & {
  /** The headset's sink (private listening), if the shop has one. */
  privateSink?: string;
};

/** Where Debian's open-jtalk-mecab-naist-jdic puts Open JTalk's dictionary. */
export const DEFAULT_OPEN_JTALK_DICTIONARY = '/var/lib/mecab/dic/open-jtalk/naist-jdic';

export interface DirectoryConfig {
  url: string;
  baseDn: string;
  bindDn: string;
  bindPassword: string;
  /** The CA that signed the directory's certificate: its file and the PEM read from it at start. */
  ca?: { file: string; pem: string };
  idAttribute?: string;
  mailAttribute?: string;
  objectClass?: string;
}

export const DEFAULT_SHOP = 'main';
export const DEFAULT_STAFF_IDLE_SECONDS = 180;
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

export const CONFIG_DEFAULTS = {
  mailFrom: 'mypage@itscom.jp',
  paperSize: 'a4',
  shopName: 'iTSCOM カウンター',
  idleSeconds: 120,
  idleWarningSeconds: 30,
  codeTtlSeconds: 1800,
} as const;
