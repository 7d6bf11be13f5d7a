import { existsSync, readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { z } from 'zod';
import {
  CONFIG_DEFAULTS,
  DEFAULT_OPEN_JTALK_DICTIONARY,
  DEFAULT_SHOP,
  kioskConfigFileSchema,
  kioskEnvSchema,
  type DirectoryConfig,
  type KioskConfig,
  type SpeechConfig,
} from '../../shared/config/kiosk-config';
import { parseDatabaseUrl } from '../../shared/rules/database-url';
import { readCertificateFile } from './certificate-file';

export const APP_FOLDER_NAME = 'mypage-kiosk';

/** Thrown when the environment or config file is invalid; the message names each bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function describeIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `invalid ${source}:\n${lines.join('\n')}`;
}

/** The OS user-data directory, as Electron's app.getPath('userData') would give it. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME);
}

function readConfigFile(dataDir: string): z.infer<typeof kioskConfigFileSchema> | undefined {
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError(`invalid ${file}: not valid JSON`);
  }
  const parsed = kioskConfigFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(file, parsed.error));
  return parsed.data;
}

/**
 * A KIOSK_* variable the kiosk does not know is a typo until proven otherwise:
 * `KIOSK_SMTP_ULR` must not quietly start a demo kiosk with demo customers.
 */
function refuseUnknownVariables(keys: string[]): void {
  const known = Object.keys(kioskEnvSchema.shape);
  const unknown = keys.filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const lines = unknown.map((key) => `  ${key}: unknown (did you mean ${closest(key, known)}?)`);
  throw new ConfigError(`invalid environment:\n${lines.join('\n')}\nknown KIOSK_* variables: ${known.join(', ')}`);
}

/** The directory settings, all or none: a directory named without its base, service account or password is named as such. */
function directoryConfig(e: z.infer<typeof kioskEnvSchema>): DirectoryConfig | undefined {
  const given = [e.KIOSK_DIRECTORY_URL, e.KIOSK_DIRECTORY_BASE_DN, e.KIOSK_DIRECTORY_BIND_DN, e.KIOSK_DIRECTORY_BIND_PASSWORD];
  if (given.every((value) => value === undefined) && e.KIOSK_DIRECTORY_CA_FILE === undefined) return undefined;
  const missing = (['KIOSK_DIRECTORY_URL', 'KIOSK_DIRECTORY_BASE_DN', 'KIOSK_DIRECTORY_BIND_DN', 'KIOSK_DIRECTORY_BIND_PASSWORD'] as const).filter((key) => e[key] === undefined);
  if (missing.length > 0) throw new ConfigError(`invalid environment:\n${missing.map((key) => `  ${key}: required with the other KIOSK_DIRECTORY_* settings`).join('\n')}`);
  let ca: DirectoryConfig['ca'];
  if (e.KIOSK_DIRECTORY_CA_FILE !== undefined) {
    try {
      ca = { file: e.KIOSK_DIRECTORY_CA_FILE, pem: readCertificateFile(e.KIOSK_DIRECTORY_CA_FILE, { requireCa: true }) };
    } catch (error) {
      throw new ConfigError(`invalid environment:\n  KIOSK_DIRECTORY_CA_FILE: ${e.KIOSK_DIRECTORY_CA_FILE}: ${(error as Error).message}`);
    }
  }
  return {
    url: e.KIOSK_DIRECTORY_URL!,
    baseDn: e.KIOSK_DIRECTORY_BASE_DN!,
    bindDn: e.KIOSK_DIRECTORY_BIND_DN!,
    bindPassword: e.KIOSK_DIRECTORY_BIND_PASSWORD!,
    ...(ca ? { ca } : {}),
    ...(e.KIOSK_DIRECTORY_ID_ATTRIBUTE ? { idAttribute: e.KIOSK_DIRECTORY_ID_ATTRIBUTE } : {}),
    ...(e.KIOSK_DIRECTORY_MAIL_ATTRIBUTE ? { mailAttribute: e.KIOSK_DIRECTORY_MAIL_ATTRIBUTE } : {}),
    ...(e.KIOSK_DIRECTORY_OBJECT_CLASS ? { objectClass: e.KIOSK_DIRECTORY_OBJECT_CLASS } : {}),
  };
}

/** The speech engine: Open JTalk needs a voice and a dictionary that are there, named at start rather than silent at the first screen. */
function speechConfig(e: z.infer<typeof kioskEnvSchema>): SpeechConfig {
  const engine = e.KIOSK_SPEECH_ENGINE ?? 'espeak-ng';
  const privateSink = e.KIOSK_SPEECH_PRIVATE_SINK ? { privateSink: e.KIOSK_SPEECH_PRIVATE_SINK } : {};
  if (engine !== 'open-jtalk') {
    if (e.KIOSK_SPEECH_VOICE !== undefined) throw new ConfigError('invalid environment:\n  KIOSK_SPEECH_VOICE: only with KIOSK_SPEECH_ENGINE=open-jtalk');
    return { engine, ...privateSink };
  }
  const voice = e.KIOSK_SPEECH_VOICE;
  const dictionary = e.KIOSK_SPEECH_DICTIONARY ?? DEFAULT_OPEN_JTALK_DICTIONARY;
  if (voice === undefined) throw new ConfigError('invalid environment:\n  KIOSK_SPEECH_VOICE: required with KIOSK_SPEECH_ENGINE=open-jtalk (an .htsvoice file)');
  if (!existsSync(voice)) throw new ConfigError(`invalid environment:\n  KIOSK_SPEECH_VOICE: ${voice}: no such file`);
  if (!existsSync(dictionary)) throw new ConfigError(`invalid environment:\n  KIOSK_SPEECH_DICTIONARY: ${dictionary}: no such directory (apt-get install open-jtalk-mecab-naist-jdic)`);
  return { engine, voice, dictionary, ...privateSink };
}

/**
 * Resolves the configuration: env over config file over defaults. Demo mode is
 * on when asked for, or on the embedded SQLite store when nothing says
 * otherwise and no mail relay is set (never on a shared database).
 */
export function loadConfig(env: NodeJS.ProcessEnv, fallbackDataDir = defaultDataDir()): KioskConfig {
  const relevant = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('KIOSK_')));
  refuseUnknownVariables(Object.keys(relevant));
  const parsedEnv = kioskEnvSchema.safeParse(relevant);
  if (!parsedEnv.success) throw new ConfigError(describeIssues('environment', parsedEnv.error));
  const e = parsedEnv.data;
  if (e.KIOSK_DATABASE_URL !== undefined) {
    const database = parseDatabaseUrl(e.KIOSK_DATABASE_URL, { allowUnverifiedTls: e.KIOSK_DATABASE_UNVERIFIED_TLS ?? false });
    if (!database.ok) throw new ConfigError(`invalid environment:\n  KIOSK_DATABASE_URL: ${database.problem}`);
  }
  const dataDir = e.KIOSK_DATA_DIR ?? fallbackDataDir;
  const file = readConfigFile(dataDir) ?? {};
  const smtpUrl = e.KIOSK_SMTP_URL ?? file.smtpUrl;
  const smtpCaFile = e.KIOSK_SMTP_CA_FILE ?? file.smtpCaFile;
  let smtpCa: KioskConfig['smtpCa'];
  if (smtpCaFile !== undefined) {
    try {
      smtpCa = { file: smtpCaFile, pem: readCertificateFile(smtpCaFile, { requireCa: true }) };
    } catch (error) {
      const [source, key] = e.KIOSK_SMTP_CA_FILE !== undefined ? ['environment', 'KIOSK_SMTP_CA_FILE'] : ['config.json', 'smtpCaFile'];
      throw new ConfigError(`invalid ${source}:\n  ${key}: ${smtpCaFile}: ${(error as Error).message}`);
    }
  }
  const directory = directoryConfig(e);
  if (directory && (e.KIOSK_DEMO ?? file.demo)) {
    throw new ConfigError('invalid environment:\n  KIOSK_DEMO: demo mode publishes its PIN and shows codes on screen: never over the provider\'s directory');
  }
  return {
    ...(directory ? { directory } : {}),
    dataDir,
    shell: e.KIOSK_SHELL,
    smtpUrl,
    smtpCa,
    smtpEhloName: e.KIOSK_SMTP_EHLO_NAME ?? file.smtpEhloName,
    mailFrom: e.KIOSK_MAIL_FROM ?? file.mailFrom ?? CONFIG_DEFAULTS.mailFrom,
    // A shared database holds a shop's real customers: demo mode there is asked for (KIOSK_DEMO=1), never implied.
    demo: e.KIOSK_DEMO ?? file.demo ?? (e.KIOSK_DATABASE_URL === undefined && smtpUrl === undefined && !directory),
    printer: e.KIOSK_PRINTER ?? file.printer,
    paperSize: e.KIOSK_PAPER_SIZE ?? file.paperSize ?? CONFIG_DEFAULTS.paperSize,
    shopName: e.KIOSK_SHOP_NAME ?? file.shopName ?? CONFIG_DEFAULTS.shopName,
    idleSeconds: e.KIOSK_IDLE_SECONDS ?? file.idleSeconds ?? CONFIG_DEFAULTS.idleSeconds,
    idleWarningSeconds: e.KIOSK_IDLE_WARNING_SECONDS ?? file.idleWarningSeconds ?? CONFIG_DEFAULTS.idleWarningSeconds,
    staffPin: e.KIOSK_STAFF_PIN,
    ...(e.KIOSK_STAFF_IDLE_SECONDS === undefined ? {} : { staffIdleSeconds: e.KIOSK_STAFF_IDLE_SECONDS }),
    ...(e.KIOSK_AUDIT_RETENTION_DAYS === undefined ? {} : { auditRetentionDays: e.KIOSK_AUDIT_RETENTION_DAYS }),
    codeTtlSeconds: e.KIOSK_CODE_TTL_SECONDS ?? file.codeTtlSeconds ?? CONFIG_DEFAULTS.codeTtlSeconds,
    remoteDebuggingPort: e.KIOSK_REMOTE_DEBUGGING_PORT,
    databaseUrl: e.KIOSK_DATABASE_URL,
    databaseUnverifiedTls: e.KIOSK_DATABASE_UNVERIFIED_TLS ?? false,
    kioskName: e.KIOSK_NAME ?? (hostname().trim().slice(0, 40) || 'kiosk'),
    shop: e.KIOSK_SHOP ?? DEFAULT_SHOP,
    speech: speechConfig(e),
    ...(e.KIOSK_METRICS_LISTEN ? { metricsListen: metricsListen(e.KIOSK_METRICS_LISTEN, e.KIOSK_METRICS_REMOTE ?? false) } : {}),
  };
}

/** Metrics on a loopback address, or on another one when IT said so (KIOSK_METRICS_REMOTE=1). */
function metricsListen(listen: { host: string; port: number }, remote: boolean): { host: string; port: number } {
  const loopback = listen.host === 'localhost' || listen.host === '::1' || /^127\./.test(listen.host);
  if (!loopback && !remote) {
    throw new ConfigError(
      `invalid environment:\n  KIOSK_METRICS_LISTEN: ${listen.host} is reachable from other machines: set KIOSK_METRICS_REMOTE=1 to serve the metrics there on purpose, or use 127.0.0.1`,
    );
  }
  return listen;
}
