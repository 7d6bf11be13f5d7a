import type { PrinterStatusView } from '../../../shared/contract/models';
import type { Logger } from '../logger';

/** How often the printer is asked (CUPS, and the printer itself over IPP). */
export const PRINTER_POLL_MS = 5_000;

export interface PrinterWatch {
  /** The printer as last asked (before the first answer: unknown, not a problem). */
  current(): PrinterStatusView;
  /** Asks now, after any question already out (before a procedure that ends in a slip); current() gives the answer from then on. */
  refresh(): Promise<PrinterStatusView>;
  stop(): Promise<void>;
}

/**
 * Keeps the printer's state known before a customer needs it: asked every
 * PRINTER_POLL_MS and on demand, one question at a time. A change is logged
 * once (not every poll), so IT's journal shows when paper ran out and when it
 * came back.
 */
export function watchPrinter(ask: () => Promise<PrinterStatusView>, log: Logger, pollMs = PRINTER_POLL_MS): PrinterWatch {
  let last: PrinterStatusView = { name: null, state: 'unknown', reasons: [], problem: null };
  let asking: Promise<PrinterStatusView> | undefined;
  let stopped = false;

  const askNow = (): Promise<PrinterStatusView> => {
    const asked = ask()
      .then((status) => {
        if (!stopped && (status.problem !== last.problem || status.state !== last.state)) {
          const level = status.problem ? 'warn' : 'info';
          log[level]('printer state', { printer: status.name ?? 'none', state: status.state, problem: status.problem ?? 'none', reasons: status.reasons.join(',') });
        }
        last = status;
        return status;
      })
      // CUPS itself away: the last answer stands, the next poll asks again.
      .catch(() => last)
      .finally(() => {
        if (asking === asked) asking = undefined;
      });
    asking = asked;
    return asked;
  };
  // A poll while one is out is skipped; a fresh question waits for it and asks again (its answer may predate the caller).
  const poll = () => void (asking ?? askNow());
  const refresh = async () => {
    await asking;
    return askNow();
  };
  poll();
  const timer = setInterval(poll, pollMs);
  timer.unref();
  return {
    current: () => last,
    refresh,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await asking;
    },
  };
}
