import type { Browser } from 'playwright-core';
import { chromium } from './playwright';
import { Cups } from '../core/print/cups';
import type { SlipPrinter } from '../core/print/print-service';
import { closeQuietly } from '../core/lifecycle/close-quietly';
import { CUPS_MEDIA } from '../core/print/slip';

/**
 * The Chromium shell's printing: the slip is rendered to PDF through CDP
 * (page.pdf) in a headless Chromium of its own and handed to CUPS with `lp`
 * through stdin.
 *
 * Why not Chromium's --kiosk-printing: it prints the visible page through the
 * default printer's settings, with no per-job printer, page size or job id to
 * follow; and rendering in the kiosk window itself would flash a second window
 * over the customer's screen. A PDF gives the exact page (A4 or 80 mm roll,
 * no header/footer, fonts embedded) and CUPS gives a job id and printer state.
 */
export function createPdfSlipPrinter(executablePath: string, sandbox: boolean): SlipPrinter & { close(): Promise<void> } {
  let browser: Promise<Browser> | undefined;
  const cups = new Cups();

  async function renderPdf(html: string): Promise<Buffer> {
    browser ??= chromium.launch({
      executablePath,
      headless: true,
      chromiumSandbox: sandbox,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await (await browser).newPage();
    try {
      // The slip is self-contained: any request would be a bug, so none leaves.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      return await page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
    } finally {
      await page.close();
    }
  }

  return {
    print: async ({ html, printer, paper, title }) => cups.submit(printer, await renderPdf(html), title, CUPS_MEDIA[paper]),
    close: async () => {
      const open = browser;
      browser = undefined;
      // A browser that never started has nothing to close.
      await closeQuietly((await open?.catch(() => undefined))?.close());
    },
  };
}
