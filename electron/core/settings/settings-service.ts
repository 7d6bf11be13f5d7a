import { z } from 'zod';
import type { KioskConfig } from '../../../shared/config/kiosk-config';
import type { SettingsRepo } from '../store/settings-repo';
import { smtpUrlProblem, withConfiguredPassword, withoutPassword } from '../../../shared/rules/smtp-url';

/** The settings every service reads, as in force right now. */
export interface Settings {
  idleSeconds: number;
  idleWarningSeconds: number;
  printer: string | undefined;
  paperSize: 'a4' | 'roll80';
  smtpUrl: string | undefined;
  mailFrom: string;
  shopName: string;
}

export type StaffEditable = Omit<Settings, 'idleWarningSeconds'>;

const STORED_KEY = 'staffSettings';
/** A stored row is re-checked: a hand-edited database must not break the kiosk. */
const storedSchema = z
  .object({
    idleSeconds: z.number().int().min(10).max(3600),
    printer: z.string().max(200).nullable(),
    paperSize: z.enum(['a4', 'roll80']),
    smtpUrl: z.string().max(500).nullable(),
    mailFrom: z.string().email(),
    shopName: z.string().min(1).max(60),
  })
  .partial();

type Listener = (settings: Settings) => void;

export type StaffWarning = 'stored_relay_invalid';

/**
 * Staff settings (this kiosk's rows of the store) over the environment and
 * config file: what staff set at the counter is what the kiosk does, until
 * they change it again. Read once at start and kept: only this kiosk writes
 * its own settings, so every read after that is served from memory.
 */
export async function createSettingsService(config: KioskConfig, repo: SettingsRepo) {
  const listeners = new Set<Listener>();
  let raw = await repo.get(STORED_KEY);
  // A relay password an older version stored in clear leaves the store now; the environment's is used.
  const legacy = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  const storedUrl = typeof legacy?.smtpUrl === 'string' ? legacy.smtpUrl : undefined;
  const scrubbedUrl = storedUrl && withoutPassword(storedUrl);
  const scrubbedRelayPassword = scrubbedUrl !== storedUrl;
  if (scrubbedRelayPassword) {
    raw = { ...legacy, smtpUrl: scrubbedUrl };
    await repo.set(STORED_KEY, raw);
  }

  /** The stored values, each checked on its own: one bad value does not throw the others away. */
  function stored(): z.infer<typeof storedSchema> & { invalidRelay: boolean } {
    const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const values: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(storedSchema.shape)) {
      const parsed = (schema as z.ZodTypeAny).safeParse(record[key]);
      if (parsed.success && parsed.data !== undefined) values[key] = parsed.data;
    }
    // A relay URL saved before today's rules (or edited by hand) is set aside, not used: staff see a warning.
    const relay = values.smtpUrl;
    const invalidRelay = typeof relay === 'string' && smtpUrlProblem(relay) !== undefined;
    if (invalidRelay) delete values.smtpUrl;
    return { ...(values as z.infer<typeof storedSchema>), invalidRelay };
  }

  function current(): Settings {
    const saved = stored();
    const pick = <T>(value: T | null | undefined, fallback: T | undefined) => (value === undefined ? fallback : (value ?? undefined));
    return {
      idleSeconds: saved.idleSeconds ?? config.idleSeconds,
      idleWarningSeconds: config.idleWarningSeconds,
      printer: pick(saved.printer, config.printer),
      paperSize: saved.paperSize ?? config.paperSize,
      smtpUrl: pick(saved.smtpUrl && withConfiguredPassword(saved.smtpUrl, config.smtpUrl), config.smtpUrl),
      mailFrom: saved.mailFrom ?? config.mailFrom,
      shopName: saved.shopName ?? config.shopName,
    };
  }

  return {
    current,
    /** An older version had stored the relay's password: it was removed at this start. */
    scrubbedRelayPassword,
    /** What staff must fix: a stored setting that is no longer usable. */
    warnings(): StaffWarning[] {
      return stored().invalidRelay ? ['stored_relay_invalid'] : [];
    },
    async update(next: StaffEditable): Promise<Settings> {
      const value = { ...next, printer: next.printer ?? null, smtpUrl: next.smtpUrl === undefined ? null : withoutPassword(next.smtpUrl) };
      await repo.set(STORED_KEY, value);
      raw = value;
      const settings = current();
      for (const listener of listeners) listener(settings);
      return settings;
    },
    onChange(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SettingsService = Awaited<ReturnType<typeof createSettingsService>>;
