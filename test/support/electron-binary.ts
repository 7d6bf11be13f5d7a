import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { electronBinaryPath } from '../../electron/launcher/pick-shell';

/** Whether the Electron shell can run here, and if not, why — printed, never silently skipped. */
export function electronAvailability(): { available: boolean; path: string } {
  const require = createRequire(import.meta.url);
  const path = electronBinaryPath(process.env, dirname(require.resolve('electron/package.json')));
  return { available: existsSync(path), path };
}
