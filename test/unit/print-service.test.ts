import { describe, expect, it } from 'vitest';
import type { Cups, PrinterStatus } from '../../electron/core/print/cups';
import { createPrintService, type SlipPrinter } from '../../electron/core/print/print-service';
import type { SlipContent } from '../../electron/core/print/slip';
import { memoryLogger } from '../support/silent-logger';

const idle: PrinterStatus = { name: 'Front', state: 'idle', accepting: true, reasons: [] };
const completion: SlipContent = { kind: 'password', newPassword: 'Abc/123=x', changedOn: { year: 2026, month: 11, day: 25 } };

function setup(options: { statuses?: (PrinterStatus | undefined)[]; pendingPolls?: number; printer?: SlipPrinter | null; done?: SlipContent }) {
  const statuses = [...(options.statuses ?? [idle])];
  let polls = options.pendingPolls ?? 0;
  const printed: { html: string; printer: string; paper: string }[] = [];
  const cups = {
    status: async () => (statuses.length > 1 ? statuses.shift() : statuses[0]),
    jobPending: async () => polls-- > 0,
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
  });
  return { service, printed, log };
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

  it('reports a printer that stops while the job waits', async () => {
    const stopped: PrinterStatus = { ...idle, state: 'stopped', accepting: true, reasons: [] };
    const { service } = setup({ statuses: [idle, stopped], pendingPolls: 5 });
    expect(await service.printSlip('w', 'password')).toEqual({ ok: false, code: 'printer_offline' });
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
