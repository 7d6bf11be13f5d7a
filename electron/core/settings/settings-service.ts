import { z } from 'zod';
import type { KioskConfig } from '../../../shared/config/kiosk-config';
import type { SettingsRepo } from '../store/settings-repo';

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

/**
 * Staff settings (SQLite) over the environment and config file: what staff set
 * at the counter is what the kiosk does, until they change it again.
 */
export function createSettingsService(config: KioskConfig, repo: SettingsRepo) {
  const listeners = new Set<Listener>();

  function current(): Settings {
    const parsed = storedSchema.safeParse(repo.get(STORED_KEY) ?? {});
    const stored = parsed.success ? parsed.data : {};
    const pick = <T>(value: T | null | undefined, fallback: T | undefined) => (value === undefined ? fallback : (value ?? undefined));
    return {
      idleSeconds: stored.idleSeconds ?? config.idleSeconds,
      idleWarningSeconds: config.idleWarningSeconds,
      printer: pick(stored.printer, config.printer),
      paperSize: stored.paperSize ?? config.paperSize,
      smtpUrl: pick(stored.smtpUrl, config.smtpUrl),
      mailFrom: stored.mailFrom ?? config.mailFrom,
      shopName: stored.shopName ?? config.shopName,
    };
  }

  return {
    current,
    update(next: StaffEditable): Settings {
      repo.set(STORED_KEY, { ...next, printer: next.printer ?? null, smtpUrl: next.smtpUrl ?? null });
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

export type SettingsService = ReturnType<typeof createSettingsService>;
