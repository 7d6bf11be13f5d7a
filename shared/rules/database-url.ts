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
}

const ours = {
  pool_max: z.coerce.number().int().min(1).max(100).default(5),
  connect_timeout_ms: z.coerce.number().int().min(100).max(120_000).default(5_000),
  statement_timeout_ms: z.coerce.number().int().min(100).max(600_000).default(10_000),
};
/** Passed on to node-postgres as they are. */
const PASSED_ON = new Set(['sslmode', 'application_name']);
const parameters = z.object(ours).strict();

export const DATABASE_URL_EXAMPLE = 'postgres://kiosk:password@db.example.com:5432/kiosk';

/** The settings, or an English message for operators naming what to fix. */
export function parseDatabaseUrl(value: string): { ok: true; settings: DatabaseSettings } | { ok: false; problem: string } {
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
  const own: Record<string, string> = {};
  for (const [key, v] of [...url.searchParams]) {
    if (PASSED_ON.has(key)) continue;
    own[key] = v;
    url.searchParams.delete(key);
  }
  const parsed = parameters.safeParse(own);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    const known = [...Object.keys(ours), ...PASSED_ON].join(', ');
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
    },
  };
}
