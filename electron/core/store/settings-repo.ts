import type { Db } from './database';

/** Key → JSON value. Callers parse what they read with their own schema. */
export interface SettingsRepo {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export function createSettingsRepo(db: Db): SettingsRepo {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get: (key) => {
      const raw = get.get(key) as string | undefined;
      if (raw === undefined) return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return undefined;
      }
    },
    set: (key, value) => void set.run(key, JSON.stringify(value)),
    delete: (key) => void del.run(key),
  };
}
