import { z } from 'zod';

/**
 * `KIOSK_DATABASE_URL`: the shared PostgreSQL store a kiosk uses instead of its
 * embedded SQLite file. postgres:// or postgresql://, a host, a database name;
 * the pool and its time limits may be tuned in the query string. Anything the
 * kiosk would not use is refused by name: a typo must not be silently ignored.
 */
export interface DatabaseSettings {
  /** The URL as node-postgres takes it (our own parameters removed). */
  connectionString: string;
  /** Connections this kiosk keeps open at most. */
  poolMax: number;
  /** How long a connection attempt may take before the customer is told the service is unavailable. */
  connectTimeoutMs: number;
  /** How long one statement may run (a lock held by a stuck kiosk ends as store_busy, not a frozen screen). */
  statementTimeoutMs: number;
  /** For the start line and logs: never the password. */
  display: string;
  /** How the connection is encrypted and checked (libpq's sslmode, applied by the kiosk itself). */
  tls: DatabaseTls;
}

/**
 * `disable`: no TLS (loopback only). `require`: encrypted, the server not
 * checked (only with KIOSK_DATABASE_UNVERIFIED_TLS=1). `verify-ca`: the
 * server's certificate signed by `caFile`. `verify-full`: that, and the
 * certificate names the host.
 */
export interface DatabaseTls {
  mode: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  /** sslrootcert=: the CA that signed the server's certificate (default: the system's CAs). */
  caFile?: string;
}

const TLS_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;

const ours = {
  pool_max: z.coerce.number().int().min(1).max(100).default(5),
  connect_timeout_ms: z.coerce.number().int().min(100).max(120_000).default(5_000),
  statement_timeout_ms: z.coerce.number().int().min(100).max(600_000).default(10_000),
};
/** Passed on to node-postgres as they are. */
const PASSED_ON = new Set(['application_name']);
/** Read by the kiosk, which sets up TLS itself (node-postgres' own reading of sslmode differs from libpq's). */
const TLS_PARAMETERS = new Set(['sslmode', 'sslrootcert']);
const parameters = z.object(ours).strict();

export const DATABASE_URL_EXAMPLE = 'postgres://kiosk:password@db.example.com:5432/kiosk';

export function isLoopbackDatabaseHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * The settings, or an English message for operators naming what to fix. A
 * store on another host holds hashes and contact addresses that anyone on
 * the shop's network could read or rewrite: it needs sslmode=verify-full (or
 * verify-ca), or `require` with the explicit opt-in `allowUnverifiedTls`.
 */
export function parseDatabaseUrl(
  value: string,
  { allowUnverifiedTls = false }: { allowUnverifiedTls?: boolean } = {},
): { ok: true; settings: DatabaseSettings } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `not a URL; expected e.g. ${DATABASE_URL_EXAMPLE}` };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return { ok: false, problem: 'must start with postgres:// or postgresql://' };
  if (!url.hostname) return { ok: false, problem: 'has no host name' };
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) return { ok: false, problem: `names no database; expected e.g. ${DATABASE_URL_EXAMPLE}` };
  const tlsMode = url.searchParams.get('sslmode') ?? 'disable';
  const caFile = url.searchParams.get('sslrootcert') ?? undefined;
  if (!(TLS_MODES as readonly string[]).includes(tlsMode)) return { ok: false, problem: `parameter sslmode: must be one of ${TLS_MODES.join(', ')}` };
  const tls: DatabaseTls = { mode: tlsMode as DatabaseTls['mode'], ...(caFile ? { caFile } : {}) };
  if (tls.mode === 'verify-ca' && !caFile) return { ok: false, problem: 'parameter sslmode=verify-ca needs sslrootcert= (the CA file that signed the server\'s certificate)' };
  if (!isLoopbackDatabaseHost(url.hostname)) {
    if (tls.mode === 'disable') {
      return {
        ok: false,
        problem: `reaches ${url.hostname} without TLS: add sslmode=verify-full (and sslrootcert=<CA file> for the shop's own CA)`,
      };
    }
    if (tls.mode === 'require' && !allowUnverifiedTls) {
      return {
        ok: false,
        problem: `sslmode=require does not check who ${url.hostname} is: use sslmode=verify-full, or set KIOSK_DATABASE_UNVERIFIED_TLS=1 to accept that on purpose`,
      };
    }
  }
  const own: Record<string, string> = {};
  for (const [key, v] of [...url.searchParams]) {
    if (TLS_PARAMETERS.has(key)) {
      url.searchParams.delete(key);
      continue;
    }
    if (PASSED_ON.has(key)) continue;
    own[key] = v;
    url.searchParams.delete(key);
  }
  const parsed = parameters.safeParse(own);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    const known = [...Object.keys(ours), ...PASSED_ON, ...TLS_PARAMETERS].join(', ');
    return { ok: false, problem: `parameter ${name}: ${issue.code === 'unrecognized_keys' ? `unknown (known: ${known})` : issue.message}` };
  }
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return {
    ok: true,
    settings: {
      connectionString: url.toString(),
      poolMax: parsed.data.pool_max,
      connectTimeoutMs: parsed.data.connect_timeout_ms,
      statementTimeoutMs: parsed.data.statement_timeout_ms,
      display: `PostgreSQL ${user}${url.host}/${database}`,
      tls,
    },
  };
}
