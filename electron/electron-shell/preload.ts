import { contextBridge, ipcRenderer } from 'electron';
import { channelNames } from '../../shared/contract/channels';
import { buildKioskApi } from '../../shared/contract/kiosk-api';

// The page gets purpose-named functions only (kiosk.session.signIn, …), never ipcRenderer.
const api = buildKioskApi(
  channelNames,
  (channel, input) => ipcRenderer.invoke(`kiosk:${channel}`, input),
  (name, listener) => {
    const forward = (_event: unknown, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on('kiosk:event', forward);
    return () => ipcRenderer.removeListener('kiosk:event', forward);
  },
);

contextBridge.exposeInMainWorld('kiosk', api);
