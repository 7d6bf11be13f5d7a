import { BrowserWindow, type WebContentsPrintOptions } from 'electron';
import type { SlipPrinter } from '../core/print/print-service';
import type { PaperSize } from '../core/print/slip';

/** Page sizes in microns, as webContents.print takes them. */
const PAGE_SIZE: Record<PaperSize, WebContentsPrintOptions['pageSize']> = {
  a4: 'A4',
  roll80: { width: 80_000, height: 110_000 },
};

export function slipPrintOptions(printer: string, paper: PaperSize): WebContentsPrintOptions {
  return {
    // No dialog: the kiosk prints straight to the configured printer.
    silent: true,
    deviceName: printer,
    printBackground: true,
    pageSize: PAGE_SIZE[paper],
    // The slip's own @page margins apply; no header or footer is given, so none is printed.
    margins: { marginType: 'none' },
    copies: 1,
  };
}

/**
 * The Electron shell's printing: the slip is loaded into a hidden, sandboxed
 * window with JavaScript off and printed silently with webContents.print.
 */
export function createElectronSlipPrinter(): SlipPrinter {
  return {
    print: async ({ html, printer, paper }) => {
      const window = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          devTools: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        await new Promise<void>((resolve, reject) => {
          window.webContents.print(slipPrintOptions(printer, paper), (success, failureReason) =>
            success ? resolve() : reject(new Error(failureReason)),
          );
        });
        // Electron does not report a CUPS job id.
        return null;
      } finally {
        window.destroy();
      }
    },
  };
}
