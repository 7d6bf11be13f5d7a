import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { rendererDir } from '../core/app-page/app-page';
import { runElectronShell } from './electron-shell';

runElectronShell({
  preloadPath: fileURLToPath(new URL('../preload/preload.cjs', import.meta.url)),
  rendererRoot: rendererDir(import.meta.url),
}).catch((error: unknown) => {
  console.error(`[kiosk] could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
