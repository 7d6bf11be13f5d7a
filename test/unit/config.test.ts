import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig } from '../../electron/core/config';
import { parseDatabaseUrl } from '../../shared/rules/database-url';
import { makeTempDir } from '../support/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('configuration', () => {
  it('runs on embedded defaults (demo data, demo mailbox) when nothing is configured', () => {
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir })).toEqual({
      dataDir: temp.dir,
      shell: undefined,
      smtpUrl: undefined,
      mailFrom: 'mypage@itscom.jp',
      demo: true,
      printer: undefined,
      paperSize: 'a4',
      shopName: 'iTSCOM カウンター',
      idleSeconds: 120,
      idleWarningSeconds: 30,
      staffPin: undefined,
      codeTtlSeconds: 1800,
      remoteDebuggingPort: undefined,
      databaseUnverifiedTls: false,
      kioskName: hostname().slice(0, 40),
      shop: 'main',
      speech: { engine: 'espeak-ng' },
    });
  });

  it('names what Open JTalk lacks at start: a voice, a voice file that is there, its dictionary', () => {
    const env = { KIOSK_DATA_DIR: temp.dir, KIOSK_SPEECH_ENGINE: 'open-jtalk' };
    expect(() => loadConfig(env)).toThrow(/KIOSK_SPEECH_VOICE: required with KIOSK_SPEECH_ENGINE=open-jtalk/);
    expect(() => loadConfig({ ...env, KIOSK_SPEECH_VOICE: join(temp.dir, 'none.htsvoice') })).toThrow(/none\.htsvoice: no such file/);
    writeFileSync(join(temp.dir, 'mei.htsvoice'), 'voice');
    const voice = join(temp.dir, 'mei.htsvoice');
    expect(() => loadConfig({ ...env, KIOSK_SPEECH_VOICE: voice, KIOSK_SPEECH_DICTIONARY: join(temp.dir, 'nodic') })).toThrow(/KIOSK_SPEECH_DICTIONARY: .*nodic: no such directory/);
    expect(loadConfig({ ...env, KIOSK_SPEECH_VOICE: voice, KIOSK_SPEECH_DICTIONARY: temp.dir }).speech).toEqual({ engine: 'open-jtalk', voice, dictionary: temp.dir });
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SPEECH_VOICE: voice })).toThrow(/only with KIOSK_SPEECH_ENGINE=open-jtalk/);
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SPEECH_ENGINE: 'off' }).speech).toEqual({ engine: 'off' });
  });

  it('serves metrics only where IT says: loopback by default, another address only with KIOSK_METRICS_REMOTE=1', () => {
    const at = (listen: string, extra: Record<string, string> = {}) => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_METRICS_LISTEN: listen, ...extra }).metricsListen;
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir }).metricsListen).toBeUndefined();
    expect(at('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(at('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(at('localhost:9464')).toEqual({ host: 'localhost', port: 9464 });
    expect(() => at('192.168.10.5:9464')).toThrow(/KIOSK_METRICS_LISTEN: 192\.168\.10\.5 is reachable from other machines: set KIOSK_METRICS_REMOTE=1/);
    expect(() => at('0.0.0.0:9464')).toThrow(/KIOSK_METRICS_REMOTE=1/);
    expect(at('192.168.10.5:9464', { KIOSK_METRICS_REMOTE: '1' })).toEqual({ host: '192.168.10.5', port: 9464 });
    expect(() => at('9464')).toThrow(/KIOSK_METRICS_LISTEN: must be HOST:PORT/);
    expect(() => at('127.0.0.1:80')).toThrow(/KIOSK_METRICS_LISTEN\.port: port must be 1024 to 65535/);
  });

  it('lets env override the config file, and a relay turn demo mode off unless asked', () => {
    writeFileSync(join(temp.dir, 'config.json'), JSON.stringify({ idleSeconds: 300, smtpUrl: 'smtp://relay:25' }));
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir })).toMatchObject({ idleSeconds: 300, demo: false });
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_IDLE_SECONDS: '60', KIOSK_DEMO: '1' })).toMatchObject({
      idleSeconds: 60,
      demo: true,
    });
  });

  it('names every bad variable', () => {
    const bad = { KIOSK_DATA_DIR: temp.dir, KIOSK_IDLE_SECONDS: 'soon', KIOSK_SMTP_URL: 'http://x', KIOSK_REMOTE_DEBUGGING_PORT: '80' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const message = (error as Error).message;
      for (const key of ['KIOSK_IDLE_SECONDS', 'KIOSK_SMTP_URL', 'KIOSK_REMOTE_DEBUGGING_PORT']) expect(message).toContain(key);
    }
  });

  it('refuses an unknown KIOSK_* variable, naming it and the nearest known one, instead of a silent demo kiosk', () => {
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SMTP_ULR: 'smtp://relay.example.com:587' })).toThrow(
      /KIOSK_SMTP_ULR: unknown \(did you mean KIOSK_SMTP_URL\?\)/,
    );
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_DEMOO: '0' })).toThrow(/did you mean KIOSK_DEMO\?/);
    // Other variables are none of the kiosk's business.
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSKY: '1', HOME: '/root' }).demo).toBe(true);
  });

  it.each([
    ['smtp://relay.example.com:25x', /KIOSK_SMTP_URL: has a port that is not a number from 1 to 65535/],
    ['smtp://relay.example.com:70000', /port that is not a number/],
    ['smtp://relay.example.com:0', /port that is not a number/],
    ['http://relay.example.com', /must start with smtp:\/\/ or smtps:\/\//],
    ['relay.example.com', /not a URL/],
    ['smtp://relay.example.com:25?tls=off', /tls=off is allowed only for a relay on this machine/],
  ])('refuses the relay URL %s with what is wrong', (url, message) => {
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SMTP_URL: url })).toThrow(message);
  });

  it('accepts relay URLs with a host and a port, and tls=off on loopback', () => {
    for (const url of ['smtp://relay.example.com:587', 'smtps://user:p%40ss@relay.example.com', 'smtp://127.0.0.1:2525?tls=off', 'smtp://[::1]:25?tls=off']) {
      expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_SMTP_URL: url }).smtpUrl).toBe(url);
    }
  });

  it.each([
    ['mysql://kiosk@db.example.com/kiosk', /KIOSK_DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//],
    ['postgres://kiosk@db.example.com', /KIOSK_DATABASE_URL: names no database/],
    ['db.example.com/kiosk', /KIOSK_DATABASE_URL: not a URL/],
    [
      'postgres://kiosk@db.example.com/kiosk?sslmode=verify-full&pool_size=5',
      /parameter pool_size: unknown \(known: pool_max, connect_timeout_ms, statement_timeout_ms, application_name, sslmode, sslrootcert\)/,
    ],
    ['postgres://kiosk@db.example.com/kiosk?sslmode=verify-full&pool_max=0', /parameter pool_max: Number must be greater than or equal to 1/],
    // A shop's store on another host: never in clear.
    ['postgres://kiosk@db.example.com/kiosk', /KIOSK_DATABASE_URL: reaches db\.example\.com without TLS/],
  ])('refuses the database URL %s with what is wrong', (url, message) => {
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_DATABASE_URL: url })).toThrow(message);
  });

  it('takes a PostgreSQL URL with its pool and time limits, and shows it without the password', () => {
    const url = 'postgresql://kiosk:s3cret@db.example.com:5433/shop?pool_max=3&statement_timeout_ms=2000&sslmode=verify-full&sslrootcert=/etc/kiosk/db-ca.crt';
    expect(loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_DATABASE_URL: url }).databaseUrl).toBe(url);
    const parsed = parseDatabaseUrl(url);
    expect(parsed).toEqual({
      ok: true,
      settings: {
        connectionString: 'postgresql://kiosk:s3cret@db.example.com:5433/shop',
        poolMax: 3,
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 2_000,
        display: 'PostgreSQL kiosk@db.example.com:5433/shop',
        tls: { mode: 'verify-full', caFile: '/etc/kiosk/db-ca.crt' },
      },
    });
  });

  it('takes the provider\'s directory all or nothing, never with demo mode, its CA checked at start', () => {
    const directory = {
      KIOSK_DATA_DIR: temp.dir,
      KIOSK_SMTP_URL: 'smtp://relay.example.com:587',
      KIOSK_DIRECTORY_URL: 'ldaps://ldap.example.com:636',
      KIOSK_DIRECTORY_BASE_DN: 'ou=customers,dc=itscom,dc=test',
      KIOSK_DIRECTORY_BIND_DN: 'cn=kiosk,ou=services,dc=itscom,dc=test',
      KIOSK_DIRECTORY_BIND_PASSWORD: 'service-secret',
    };
    expect(loadConfig(directory)).toMatchObject({
      demo: false,
      directory: { url: 'ldaps://ldap.example.com:636', baseDn: 'ou=customers,dc=itscom,dc=test', bindDn: 'cn=kiosk,ou=services,dc=itscom,dc=test' },
    });
    expect(loadConfig({ ...directory, KIOSK_DIRECTORY_ID_ATTRIBUTE: 'mail', KIOSK_DIRECTORY_OBJECT_CLASS: 'person' }).directory).toMatchObject({ idAttribute: 'mail', objectClass: 'person' });
    const { KIOSK_DIRECTORY_BASE_DN: _base, KIOSK_DIRECTORY_BIND_PASSWORD: _password, ...partial } = directory;
    expect(() => loadConfig(partial)).toThrow(/KIOSK_DIRECTORY_BASE_DN: required with the other KIOSK_DIRECTORY_\* settings\n {2}KIOSK_DIRECTORY_BIND_PASSWORD: required/);
    expect(() => loadConfig({ ...directory, KIOSK_DIRECTORY_URL: 'http://ldap.example.com' })).toThrow(/KIOSK_DIRECTORY_URL: must be ldaps:\/\/host:port/);
    expect(() => loadConfig({ ...directory, KIOSK_DEMO: '1' })).toThrow(/demo mode .* never over the provider's directory/);
    expect(() => loadConfig({ ...directory, KIOSK_DIRECTORY_CA_FILE: join(temp.dir, 'missing.crt') })).toThrow(/KIOSK_DIRECTORY_CA_FILE: .*missing\.crt/);
  });

  it('refuses a config file with unknown keys or bad JSON', () => {
    writeFileSync(join(temp.dir, 'config.json'), JSON.stringify({ idleSecs: 5 }));
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir })).toThrow(/idleSecs|Unrecognized/);
    writeFileSync(join(temp.dir, 'config.json'), '{');
    expect(() => loadConfig({ KIOSK_DATA_DIR: temp.dir })).toThrow(/not valid JSON/);
  });

  it('defaults the data dir to the OS user-data folder', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/k/.config' })).toBe('/home/k/.config/mypage-kiosk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\k\\AppData\\Roaming' })).toContain('mypage-kiosk');
  });
});
