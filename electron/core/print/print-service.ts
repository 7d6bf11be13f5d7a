import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { Logger } from '../logger';
import { problemOf, type Cups } from './cups';
import type { CupsPdfOutput } from './cups-pdf-output';
import type { PrinterStatusView } from '../../../shared/contract/models';
import { slipHtml, slipModel, type PaperSize, type SlipContent, type SlipKind } from './slip';
import { closeQuietly } from '../lifecycle/close-quietly';

/** The shell's way to put a page on paper without a dialog (Electron: webContents.print; Chromium: PDF → CUPS). */
export interface SlipPrinter {
  /** Resolves with the CUPS job id when the shell submitted one, null when the runtime does not tell. */
  print(request: { html: string; printer: string; paper: PaperSize; title: string }): Promise<string | null>;
}

export interface PrintDeps {
  cups: Cups;
  printer: SlipPrinter | undefined;
  /** The completion of this window's customer, from the procedures' memory; never from the renderer. */
  completion: (windowId: string, kind: SlipKind) => SlipContent | undefined;
  settings: () => { paperSize: PaperSize; shopName: string };
  /** The demo printer's output files, removed with the session they belong to. */
  demoOutput?: CupsPdfOutput;
  log: Logger;
  now: () => number;
  /** How long a submitted job may take before the kiosk gives up waiting (ms). */
  jobTimeoutMs?: number;
  /** How often CUPS is asked whether the job is done (ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prints a completion slip. A failure never touches the change itself (it is
 * committed) and leaves the completion in memory, so the customer can retry.
 */
export function createPrintService(deps: PrintDeps) {
  const { cups, log } = deps;
  const jobTimeoutMs = deps.jobTimeoutMs ?? 60_000;
  const pollMs = deps.pollMs ?? 250;

  /** Slips printed on the demo printer, per window: removed when that window's session ends. */
  const demoFiles = new Map<string, string[]>();
  /** Staff's latest test page on the demo printer (no customer data; replaced by the next). */
  let testPageFile: string | undefined;

  /** Waits for CUPS to finish the job; a printer that stops meanwhile is reported as offline. */
  async function waitForJob(printer: string, jobId: string): Promise<KioskResult<null>> {
    const deadline = Date.now() + jobTimeoutMs;
    while (Date.now() < deadline) {
      if (!(await cups.jobPending(printer, jobId))) return ok(null);
      const problem = problemOf(await cups.status());
      if (problem) return fail(problem);
      await sleep(pollMs);
    }
    return fail('print_failed');
  }

  /** Where the demo printer put the job's PDF, if the printer is the demo printer. */
  async function demoFileOf(printer: string, jobId: string): Promise<string | undefined> {
    const output = deps.demoOutput;
    return output && (await output.isCupsPdf(printer)) ? output.fileOf(jobId) : undefined;
  }

  /** Whether a slip could print now: the shell prints, a printer is set, and CUPS reports no problem. */
  async function readiness(): Promise<KioskResult<null>> {
    if (!deps.printer) return fail('not_available');
    const status = await cups.status();
    const problem = problemOf(status);
    if (problem) return fail(problem);
    return status ? ok(null) : fail('printer_not_configured');
  }

  /** A page to print as the printer and paper make it: its HTML, what it is (for the log) and the paper it is laid out for. */
  type Render = (printer: string, paper: PaperSize) => { html: string; kind: string; paper: PaperSize };

  /** Checks the printer, prints what `render` makes, waits for the job. */
  async function printPage(render: Render, onPrinted: (file: string) => void): Promise<KioskResult<{ jobId: string | null }>> {
    if (!deps.printer) return fail('not_available');
    const status = await cups.status();
    const problem = problemOf(status);
    if (problem || !status) {
      log.warn('slip not printed', { problem: problem ?? 'printer_not_configured', reasons: status?.reasons.join(',') });
      return fail(problem ?? 'printer_not_configured');
    }
    const page = render(status.name, deps.settings().paperSize);
    let jobId: string | null;
    // A shell that does not say its job (Electron's webContents.print): the job is the one that appears meanwhile.
    const before = new Set(await cups.pendingJobs(status.name).catch(() => []));
    try {
      jobId = await deps.printer.print({ html: page.html, printer: status.name, paper: page.paper, title: 'iTSCOM My PAGE' });
      jobId ??= (await cups.pendingJobs(status.name).catch(() => [])).filter((id) => !before.has(id)).at(-1) ?? null;
    } catch (error) {
      log.error('slip print failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
      return fail('print_failed');
    }
    if (jobId) {
      const done = await waitForJob(status.name, jobId);
      if (!done.ok) {
        // Told "not printed", the customer must never find it printed later (or twice after a retry).
        await cups.cancelAndPurge(jobId);
        log.warn('slip job did not complete: cancelled and purged', { jobId, code: done.code });
        return done;
      }
      const file = await demoFileOf(status.name, jobId);
      if (file) onPrinted(file);
    }
    log.info('slip printed', { kind: page.kind, jobId: jobId ?? 'n/a', paper: page.paper });
    return ok({ jobId });
  }

  /** A slip: `content` (or what it makes of the printer's name) in the shop's name, on the kiosk's paper. */
  function print(
    content: SlipContent | ((printer: string, paper: PaperSize) => SlipContent),
    onPrinted: (file: string) => void,
  ): Promise<KioskResult<{ jobId: string | null }>> {
    return printPage((printer, paper) => {
      const slip = typeof content === 'function' ? content(printer, paper) : content;
      return { html: slipHtml(slipModel(slip, deps.settings().shopName, new Date(deps.now())), paper), kind: slip.kind, paper };
    }, onPrinted);
  }

  /** A demo copy removed (one already gone is fine); never rejects. */
  const remove = (file: string) => closeQuietly(deps.demoOutput?.remove(file));

  return {
    printSlip(windowId: string, kind: SlipKind): Promise<KioskResult<{ jobId: string | null }>> {
      const content = deps.completion(windowId, kind);
      if (!content) return Promise.resolve(fail('out_of_order'));
      return print(content, (file) => demoFiles.set(windowId, [...(demoFiles.get(windowId) ?? []), file]));
    },
    /** A slip staff print for a customer at the counter (temporary password, ID): its demo copy goes when staff mode closes. */
    printForStaff(windowId: string, content: SlipContent): Promise<KioskResult<{ jobId: string | null }>> {
      return print(content, (file) => demoFiles.set(windowId, [...(demoFiles.get(windowId) ?? []), file]));
    },
    /** A manager's A4 document (the day's report), whatever paper the slips use: its demo copy goes when staff mode closes. */
    printDocument(windowId: string, kind: string, html: string): Promise<KioskResult<{ jobId: string | null }>> {
      return printPage(() => ({ html, kind, paper: 'a4' }), (file) => demoFiles.set(windowId, [...(demoFiles.get(windowId) ?? []), file]));
    },
    printTestPage(): Promise<KioskResult<{ jobId: string | null }>> {
      return print(
        (printer, paper) => ({ kind: 'test', printer, paper }),
        (file) => {
          if (testPageFile) void remove(testPageFile); // the last test page goes; remove never rejects
          testPageFile = file;
        },
      );
    },
    /** The window's customer (or staff mode) left: the demo printer's copies of their slips go too. */
    async discardSlips(windowId: string): Promise<void> {
      const files = demoFiles.get(windowId) ?? [];
      demoFiles.delete(windowId);
      await Promise.all(files.map(remove));
    },
    /** The demo printer's latest output still on disk (staff look at it instead of paper). */
    latestDemoOutput(): string | undefined {
      const all = [...demoFiles.values()].flat();
      return all.at(-1) ?? testPageFile;
    },
    /** Asked before a change whose only record is its slip (a temporary password): nothing changes unless it can print. */
    readiness,
    /** The printer as staff mode shows it. */
    async status(): Promise<PrinterStatusView> {
      const status = await cups.status();
      return {
        name: status?.name ?? (await cups.printerName()) ?? null,
        state: status?.state ?? 'none',
        reasons: status?.reasons ?? [],
        problem: problemOf(status) ?? null,
      };
    },
  };
}

export type PrintService = ReturnType<typeof createPrintService>;
