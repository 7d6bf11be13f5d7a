import { describe, expect, it } from 'vitest';
import type { Cups, PrinterStatus } from '../../electron/core/print/cups';
import { cupsPdfOutDir, isCupsPdfDevice, isFileOfJob, type CupsPdfOutput } from '../../electron/core/print/cups-pdf-output';
import { createPrintService, type SlipPrinter } from '../../electron/core/print/print-service';
import type { SlipContent } from '../../electron/core/print/slip';
import { memoryLogger } from '../support/silent-logger';

const idle: PrinterStatus = { name: 'Front', state: 'idle', accepting: true, reasons: [] };
const completion: SlipContent = { kind: 'password', newPassword: 'Abc/123=x', changedOn: { year: 2026, month: 11, day: 25 } };

function setup(options: {
  statuses?: (PrinterStatus | undefined)[];
  pendingPolls?: number;
  printer?: SlipPrinter | null;
  done?: SlipContent;
  jobTimeoutMs?: number;
  demoOutput?: CupsPdfOutput;
  /** The printer's queue as `lpstat -o` lists it, read before and after the shell prints. */
  queue?: () => string[];
}) {
  const statuses = [...(options.statuses ?? [idle])];
  let polls = options.pendingPolls ?? 0;
  const printed: { html: string; printer: string; paper: string }[] = [];
  const purged: string[] = [];
  const cups = {
    status: async () => (statuses.length > 1 ? statuses.shift() : statuses[0]),
    jobPending: async () => polls-- > 0,
    pendingJobs: async () => (options.queue ? options.queue() : []),
    cancelAndPurge: async (jobId: string) => void purged.push(jobId),
  } as unknown as Cups;
  const printer: SlipPrinter = {
    print: async (request) => {
      printed.push(request);
      return 'Front-7';
    },
  };
  const log = memoryLogger();
  const service = createPrintService({
    cups,
    printer: options.printer === null ? undefined : (options.printer ?? printer),
    completion: (_windowId, kind) => (kind === 'password' ? (options.done ?? completion) : undefined),
    settings: () => ({ paperSize: 'roll80', shopName: 'Shop' }),
    log,
    now: () => Date.now(),
    pollMs: 1,
    demoOutput: options.demoOutput,
    ...(options.jobTimeoutMs !== undefined ? { jobTimeoutMs: options.jobTimeoutMs } : {}),
  });
  return { service, printed, log, purged };
}

describe('print service', () => {
  it('prints this window\'s completion to the printer CUPS names and waits for the job', async () => {
    const { service, printed } = setup({ pendingPolls: 3 });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: true, value: { jobId: 'Front-7' } });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({ printer: 'Front', paper: 'roll80' });
    expect(printed[0]!.html).toContain('Abc/123=x');
  });

  it('refuses without a completion in this session: nothing from the renderer is printed', async () => {
    const { service, printed } = setup({});
    expect(await service.printSlip('w', 'id_change')).toEqual({ ok: false, code: 'out_of_order' });
    expect(printed).toEqual([]);
  });

  it.each([
    [undefined, 'printer_not_configured'],
    [{ ...idle, state: 'stopped', accepting: false, reasons: ['paused'] }, 'printer_offline'],
    [{ ...idle, reasons: ['media-empty'] }, 'printer_out_of_paper'],
  ] as const)('reports a printer problem before submitting (%j)', async (status, code) => {
    const { service, printed } = setup({ statuses: [status as PrinterStatus | undefined] });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code });
    expect(printed).toEqual([]);
  });

  it('reports a printer that stops while the job waits, and cancels and purges the job first', async () => {
    const stopped: PrinterStatus = { ...idle, state: 'stopped', accepting: true, reasons: [] };
    const { service, purged } = setup({ statuses: [idle, stopped], pendingPolls: 5 });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'printer_offline' });
    expect(purged).toEqual(['Front-7']);
  });

  it('cancels and purges a job that does not finish in time: it never prints later', async () => {
    const { service, purged } = setup({ pendingPolls: Number.POSITIVE_INFINITY, jobTimeoutMs: 20 });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'print_failed' });
    expect(purged).toEqual(['Front-7']);
  });

  it('finds the stuck job of a shell that does not say its job id (Electron) in the queue, and cancels it too', async () => {
    // Another kiosk user's job was already waiting; the slip's job appears while the shell prints.
    const queues = [['Front-3'], ['Front-3', 'Front-9']];
    const electronLike: SlipPrinter = { print: async () => null };
    const { service, purged } = setup({ printer: electronLike, pendingPolls: Number.POSITIVE_INFINITY, jobTimeoutMs: 20, queue: () => queues.shift() ?? [] });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'print_failed' });
    expect(purged).toEqual(['Front-9']);
  });

  it('purges nothing of a job that printed', async () => {
    const { service, purged } = setup({ pendingPolls: 2 });
    expect((await service.printSlip('w', 'password')).ok).toBe(true);
    expect(purged).toEqual([]);
  });

  it('removes the demo printer\'s copies of a window\'s slips when asked, and only that window\'s', async () => {
    const removed: string[] = [];
    const demoOutput = {
      isCupsPdf: async () => true,
      fileOf: async (jobId: string) => `/out/${jobId}.pdf`,
      remove: async (file: string) => void removed.push(file),
    } as unknown as CupsPdfOutput;
    const { service } = setup({ demoOutput });
    await service.printSlip('a', 'password');
    await service.printSlip('b', 'password');
    expect(service.latestDemoOutput()).toBe('/out/Front-7.pdf');
    await service.discardSlips('a');
    expect(removed).toEqual(['/out/Front-7.pdf']);
    await service.discardSlips('a');
    expect(removed).toHaveLength(1);
  });

  it('turns a shell failure into print_failed, logs no slip content, and lets the customer retry', async () => {
    let attempts = 0;
    const flaky: SlipPrinter = {
      print: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('Print job failed');
        return null;
      },
    };
    const { service, log } = setup({ printer: flaky });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'print_failed' });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: true, value: { jobId: null } });
    expect(log.lines.join('\n')).not.toContain('Abc/123=x');
  });

  it('is not available in a shell without native printing', async () => {
    const { service } = setup({ printer: null });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'not_available' });
  });
});

describe('cups-pdf output', () => {
  it('knows the demo printer by its device and finds a job\'s file by its number', () => {
    expect(isCupsPdfDevice('device for KioskPDF: cups-pdf:/\n')).toBe(true);
    expect(isCupsPdfDevice('device for Front: socket://10.0.0.5:9100\n')).toBe(false);
    expect(isFileOfJob('iTSCOM_My_PAGE-job_12.pdf', '12')).toBe(true);
    expect(isFileOfJob('iTSCOM_My_PAGE-job_123.pdf', '12')).toBe(false);
    expect(isFileOfJob('iTSCOM_My_PAGE-job_12.pdf.tmp', '12')).toBe(false);
  });

  it('reads the output folder from cups-pdf.conf, with its default', () => {
    const user = { username: 'kiosk', homedir: '/home/kiosk' };
    expect(cupsPdfOutDir('# c\nOut /var/spool/cups-pdf/${USER}\n', user)).toBe('/var/spool/cups-pdf/kiosk');
    expect(cupsPdfOutDir('', user)).toBe('/home/kiosk/PDF');
  });
});
