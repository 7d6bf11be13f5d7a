/// <reference types="vite/client" />
import type { KioskApi } from '@shared/contract/kiosk-api';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** The core's API, injected by the Electron preload or the Chromium shell. */
    readonly kiosk: KioskApi;
  }
}
