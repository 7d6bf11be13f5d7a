import { describe, expect, it, vi } from 'vitest';

/** The Electron slip printer against a fake `electron`: hidden, sandboxed, no JS, silent print to the named printer. */
const fake = vi.hoisted(() => {
  const state = { options: undefined as unknown, printOptions: undefined as unknown, url: '', destroyed: 0, outcome: [true, ''] as [boolean, string] };
  class BrowserWindow {
    webContents = {
      print: (options: unknown, callback: (success: boolean, reason: string) => void) => {
        state.printOptions = options;
        callback(...state.outcome);
      },
    };
    constructor(options: unknown) {
      state.options = options;
    }
    async loadURL(url: string) {
      state.url = url;
    }
    destroy() {
      state.destroyed += 1;
    }
  }
  return { state, electron: { BrowserWindow } };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

describe('Electron slip printer', () => {
  it('prints the slip silently to the configured printer on the configured paper', async () => {
    const { createElectronSlipPrinter } = await import('../../electron/electron-shell/slip-printer');
    const jobId = await createElectronSlipPrinter().print({ html: '<p>slip</p>', printer: 'Front_Desk', paper: 'roll80', title: 't' });
    expect(jobId).toBeNull();
    expect(fake.state.options).toMatchObject({ show: false, webPreferences: { sandbox: true, javascript: false, nodeIntegration: false } });
    expect(decodeURIComponent(fake.state.url)).toContain('<p>slip</p>');
    expect(fake.state.printOptions).toEqual({
      silent: true,
      deviceName: 'Front_Desk',
      printBackground: true,
      pageSize: { width: 80_000, height: 110_000 },
      margins: { marginType: 'none' },
      copies: 1,
    });
    expect(fake.state.destroyed).toBe(1);
  });

  it('rejects with Electron\'s reason and still closes the hidden window', async () => {
    fake.state.outcome = [false, 'Print job failed'];
    const { createElectronSlipPrinter } = await import('../../electron/electron-shell/slip-printer');
    await expect(createElectronSlipPrinter().print({ html: 'x', printer: 'P', paper: 'a4', title: 't' })).rejects.toThrow('Print job failed');
    expect(fake.state.destroyed).toBe(2);
  });
});
