import { loadConfig } from '../core/config';
import type { Logger } from '../core/logger';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { KIOSK_ID_FILE, readOrCreateKioskId } from '../core/kiosk-identity';
import { openStore, type Store } from '../core/store/store';

/**
 * The store the kiosk on this PC uses (its environment: KIOSK_DATA_DIR,
 * KIOSK_DATABASE_URL, KIOSK_SHOP), as this kiosk, for IT's commands. On a
 * shop's database from a PC where no kiosk ever ran (IT's own, with only
 * KIOSK_DATABASE_URL), the command is `admin@HOST`: nothing is written to a
 * data dir that is not there.
 */
export function openKioskStore(): Promise<Store> {
  const config = loadConfig(process.env);
  const kioskHere = existsSync(join(config.dataDir, KIOSK_ID_FILE));
  return openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    kioskId: config.databaseUrl && !kioskHere ? `admin@${hostname()}` : readOrCreateKioskId(config.dataDir).id,
    shop: config.shop,
    allowUnverifiedTls: config.databaseUnverifiedTls,
  });
}

/** Runs a command's main and exits with its code; an error is one line on stderr and exit 1. */
export function runTool(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

/** The commands' log: what the core would log as an error goes to stderr; the rest is the command's own output. */
export const toolLog: Logger = {
  info: () => undefined,
  notice: () => undefined,
  warn: (message) => console.error(message),
  error: (message) => console.error(message),
  close: async () => undefined,
};
