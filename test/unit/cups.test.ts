import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { staffSettingsSchema } from '../../shared/config/staff-settings';
import { loadConfig } from '../../electron/core/config';
import { describe, expect, it } from 'vitest';
import { Cups, jobPending, parseDefaultPrinter, parseDeviceState, parseDeviceUri, parseJobId, parsePrinterStatus, problemOf } from '../../electron/core/print/cups';
import { startIppPrinter } from '../support/ipp-printer';
import { removePrinter } from '../support/cups';

const details = (alerts: string) => `\tForm mounted:\n\tContent types: any\n\tDescription: Front desk\n\tAlerts: ${alerts}\n\tLocation: \n`;

describe('CUPS output parsing', () => {
  it('reads an idle, accepting printer', () => {
    const out = `printer Front is idle.  enabled since Wed Nov 25 21:04:28 2026\n${details('none')}Front accepting requests since Wed Nov 25 21:04:28 2026\n`;
    expect(parsePrinterStatus('Front', out)).toEqual({ name: 'Front', state: 'idle', accepting: true, reasons: [] });
    expect(problemOf(parsePrinterStatus('Front', out))).toBeUndefined();
  });

  it('reads a printer that is printing', () => {
    const out = `printer Front now printing Front-12.  enabled since Wed Nov 25 21:04:28 2026\n${details('none')}`;
    expect(parsePrinterStatus('Front', out)?.state).toBe('printing');
  });

  it('reads a stopped printer and its message as offline', () => {
    const out = `printer Front disabled since Wed Nov 25 21:09:12 2026 -\n\tPaused\n${details('paused')}Front not accepting requests since Wed Nov 25 21:09:12 2026 -\n\tRejecting Jobs\n`;
    const status = parsePrinterStatus('Front', out);
    expect(status).toEqual({ name: 'Front', state: 'stopped', accepting: false, reasons: ['paused'], message: 'Paused' });
    expect(problemOf(status)).toBe('printer_offline');
  });

  it('tells out of paper apart from offline', () => {
    const out = `printer Roll is idle.  enabled since Wed Nov 25 21:04:28 2026\n${details('media-empty-error')}`;
    expect(parsePrinterStatus('Roll', out)?.reasons).toEqual(['media-empty']);
    expect(problemOf(parsePrinterStatus('Roll', out))).toBe('printer_out_of_paper');
    const offline = `printer Roll is idle.  enabled since x\n${details('offline-report')}`;
    expect(problemOf(parsePrinterStatus('Roll', offline))).toBe('printer_offline');
  });

  it('reports no printer as not configured', () => {
    expect(parsePrinterStatus('Missing', 'lpstat: Invalid destination name in list "Missing".')).toBeUndefined();
    expect(problemOf(undefined)).toBe('printer_not_configured');
    expect(parseDefaultPrinter('no system default destination\n')).toBeUndefined();
    expect(parseDefaultPrinter('system default destination: KioskPDF\n')).toBe('KioskPDF');
  });

  it('does not confuse printers whose names share a prefix', () => {
    const out = `printer FrontDesk is idle.  enabled since x\n${details('none')}printer Front disabled since x -\n\tPaused\n${details('none')}`;
    expect(parsePrinterStatus('Front', out)?.state).toBe('stopped');
    expect(parsePrinterStatus('FrontDesk', out)?.state).toBe('idle');
  });

  it('judges another kiosk\'s printer from its heartbeat (a state and reasons, no "accepting") as its own', () => {
    expect(problemOf({ state: 'stopped', accepting: true, reasons: [] })).toBe('printer_offline');
    expect(problemOf({ state: 'idle', accepting: true, reasons: ['media-empty'] })).toBe('printer_out_of_paper');
    expect(problemOf({ state: 'stopped', accepting: true, reasons: ['media-low'] })).toBe('printer_offline');
    expect(problemOf({ state: 'none', accepting: true, reasons: [] })).toBeUndefined();
  });

  it('reads job ids and pending jobs', () => {
    expect(parseJobId('request id is KioskPDF-12 (0 file(s))\n')).toBe('KioskPDF-12');
    expect(parseJobId('lp: Destination "X" is not accepting jobs.')).toBeUndefined();
    const queue = 'KioskPDF-12             root             43520   Wed Nov 25 21:09:46 2026\n';
    expect(jobPending('KioskPDF-12', queue)).toBe(true);
    expect(jobPending('KioskPDF-1', queue)).toBe(false);
  });
});

describe('a network printer asked over IPP', () => {
  it('reads the device URI and the printer\'s own state (ipptool\'s CSV)', () => {
    expect(parseDeviceUri('Front', 'device for Front: ipp://printer.local:631/ipp/print\ndevice for Front2: socket://x\n')).toBe('ipp://printer.local:631/ipp/print');
    expect(parseDeviceState('printer-state,printer-state-reasons,printer-is-accepting-jobs\nidle,none,true\n')).toEqual({ state: 'idle', reasons: [], accepting: true });
    expect(parseDeviceState('printer-state,printer-state-reasons,printer-is-accepting-jobs\nstopped,"media-empty-report,door-open-error",false\n')).toEqual({
      state: 'stopped',
      reasons: ['media-empty', 'door-open'],
      accepting: false,
    });
    expect(parseDeviceState('printer-state\n')).toBeUndefined();
  });

  it('an IPP Everywhere printer whose tray runs empty is out of paper before any job; one that stops answering is offline', async () => {
    const device = await startIppPrinter();
    const queue = `KioskIPP${process.pid}`;
    try {
      execFileSync('lpadmin', ['-p', queue, '-E', '-v', device.uri, '-m', 'everywhere'], { stdio: 'pipe' });
      const cups = new Cups(() => queue);
      expect(problemOf(await cups.status())).toBeUndefined();
      await device.setPaper(0);
      const empty = await cups.status();
      // CUPS itself still says idle: it would learn of the paper only from a job.
      expect(empty).toMatchObject({ name: queue, state: 'idle' });
      expect(empty?.reasons).toContain('media-empty');
      expect(problemOf(empty)).toBe('printer_out_of_paper');
      await device.setPaper(250);
      expect(problemOf(await cups.status())).toBeUndefined();
      await device.stop();
      const gone = await cups.status();
      expect(gone?.reasons).toContain('offline');
      expect(problemOf(gone)).toBe('printer_offline');
    } finally {
      await device.stop();
      removePrinter(queue);
    }
  });
});

describe('a printer name that looks like an option', () => {
  it('is refused by the settings, and never reaches lpstat or lp, where "-h HOST" would send the kiosk to another print server', async () => {
    // A print server of the attacker's: it only has to see a connection.
    const seen: string[] = [];
    const server = createServer((socket) => {
      seen.push('connection');
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const name = `-h127.0.0.1:${port}`;
    try {
      // The same name given where the kiosk would have passed it on (before: lpstat -l -p NAME -a NAME -v NAME asked that server from -a on).
      const cups = new Cups(() => name);
      expect(await cups.printerName()).toBeUndefined();
      expect(await cups.status()).toBeUndefined();
      expect(await cups.pendingJobs(name)).toEqual([]);
      await expect(cups.submit(name, Buffer.from('%PDF-1.4'), 'slip', 'A4')).rejects.toThrow(/not a usable printer name/);
      // lpstat as the kiosk called it before, to show the server is reachable and would have been asked.
      spawnSync('lpstat', ['-l', '-p', name, '-a', name, '-v', name], { timeout: 5_000 });
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      const before = seen.length;
      await cups.status();
      await cups.jobPending(name, 'x-1');
      expect(seen.length).toBe(before);
    } finally {
      server.close();
    }
    expect(staffSettingsSchema.shape.printer.safeParse(name)).toMatchObject({ success: false, error: { issues: [{ message: 'staff.errors.printerName' }] } });
    expect(staffSettingsSchema.shape.printer.safeParse('Front-desk_2')).toMatchObject({ success: true });
    expect(() => loadConfig({ KIOSK_PRINTER: name }, '/tmp/kiosk-printer-name-test')).toThrow(/KIOSK_PRINTER: must be a CUPS printer name/);
  });
});
