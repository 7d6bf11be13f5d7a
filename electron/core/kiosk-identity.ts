import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KIOSK_ID_FILE = 'kiosk-id';
const kioskId = z.string().uuid();

/**
 * This kiosk's stable id, generated once and kept in its data dir: its rows of
 * the per-kiosk tables on a shared store are keyed by it. A file that does not
 * hold an id (hand-edited, cut short) is replaced rather than stopping the
 * kiosk; the kiosk then starts with its embedded settings.
 */
export function readOrCreateKioskId(dataDir: string): { id: string; created: boolean } {
  const file = join(dataDir, KIOSK_ID_FILE);
  if (existsSync(file)) {
    const parsed = kioskId.safeParse(readFileSync(file, 'utf8').trim());
    if (parsed.success) return { id: parsed.data, created: false };
  }
  const id = randomUUID();
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return { id, created: true };
}
