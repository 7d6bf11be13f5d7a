import type { KioskApi } from '@shared/contract/kiosk-api';

/** The only way the renderer reaches the core. */
export function kiosk(): KioskApi {
  return window.kiosk;
}
