import { execFile, spawn } from 'node:child_process';
import { isUsablePrinterName } from '../../../shared/rules/printer-name';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { closeQuietly } from '../lifecycle/close-quietly';

const run = promisify(execFile);

/** A printer's state as CUPS reports it, reduced to what the kiosk acts on. */
export interface PrinterStatus {
  name: string;
  state: 'idle' | 'printing' | 'stopped' | 'unknown';
  accepting: boolean;
  /** IPP printer-state-reasons (e.g. media-empty, offline-report), "none" dropped. */
  reasons: string[];
  /** CUPS's own message for a stopped printer, when it gives one. */
  message?: string;
}

/** `lpstat -d` → the default destination, if any. */
export function parseDefaultPrinter(output: string): string | undefined {
  return /system default destination: (\S+)/.exec(output)?.[1];
}

/** `lpstat -l -p NAME -a NAME` → the printer's status. */
export function parsePrinterStatus(name: string, output: string): PrinterStatus | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // "is idle." / "now printing NAME-12." / "disabled since …", then tab-indented details.
  const head = new RegExp(`^printer ${escaped} (?:is (idle)|now (printing)|(disabled))[^\\n]*\\n?((?:\\t[^\\n]*\\n?)*)`, 'm').exec(output);
  if (!head) return undefined;
  const [, idle, printing, disabled, details = ''] = head;
  const state = idle ? 'idle' : printing ? 'printing' : disabled ? 'stopped' : 'unknown';
  const alerts = /Alerts: ([^\n]*)/.exec(details)?.[1] ?? 'none';
  const reasons = alerts
    .split(/[\s,]+/)
    .filter((reason) => reason && reason !== 'none')
    .map((reason) => reason.replace(/-(report|warning|error)$/, ''));
  const message = details
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !/^[A-Z][\w ]*:/.test(line) && !line.startsWith('('));
  const accepting = !new RegExp(`^${escaped} not accepting requests`, 'm').test(output);
  return { name, state, accepting, reasons, ...(message ? { message } : {}) };
}

/** `lpstat -v NAME` → "device for NAME: ipp://host/ipp/print" → the device URI. */
export function parseDeviceUri(name: string, output: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^device for ${escaped}: (\\S+)`, 'm').exec(output)?.[1];
}

/**
 * ipptool's CSV (`-c`) of the test below: a header line, then
 * `idle,"media-empty-report,toner-low-report",true` → the printer's own state.
 */
export function parseDeviceState(csv: string): { state: string; reasons: string[]; accepting: boolean } | undefined {
  const line = csv.split('\n')[1];
  if (!line) return undefined;
  const fields = [...line.matchAll(/"([^"]*)"|([^,]+)|(?<=,)(?=,|$)/g)].map((m) => m[1] ?? m[2] ?? '');
  const [state, reasons = '', accepting = 'true'] = fields;
  if (!state) return undefined;
  return {
    state,
    reasons: reasons
      .split(',')
      .map((reason) => reason.trim())
      .filter((reason) => reason && reason !== 'none')
      .map((reason) => reason.replace(/-(report|warning|error)$/, '')),
    accepting: accepting === 'true',
  };
}

/**
 * The IPP request ipptool sends to a network printer for its own state: CUPS
 * learns of "no paper" only while a job runs, the printer knows it now.
 */
const DEVICE_STATE_TEST = `{
  NAME "printer state"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes printer-state,printer-state-reasons,printer-is-accepting-jobs
  STATUS successful-ok
  DISPLAY printer-state
  DISPLAY printer-state-reasons
  DISPLAY printer-is-accepting-jobs
}
`;

/**
 * ipptool reads its test from a file (not from a pipe: Node's stdio is a
 * socket, which /dev/stdin cannot open). The request above, written once per
 * process into a private temp folder; it holds nothing of anyone.
 */
let deviceStateTestFile: string | undefined;
function deviceStateTest(): string {
  if (deviceStateTestFile === undefined || !existsSync(deviceStateTestFile)) {
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-ipptool-')), 'printer-state.test');
    writeFileSync(file, DEVICE_STATE_TEST, { mode: 0o600 });
    deviceStateTestFile = file;
  }
  return deviceStateTestFile;
}

/** `lp` → "request id is NAME-12 (0 file(s))" → "NAME-12". */
export function parseJobId(output: string): string | undefined {
  return /request id is (\S+)/.exec(output)?.[1];
}

/** `lpstat -o NAME` lists jobs not yet completed. */
export function jobPending(jobId: string, output: string): boolean {
  return jobIdsIn(output).includes(jobId);
}

/** The job ids `lpstat -o` lists, in its order (oldest first). */
export function jobIdsIn(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/** What the kiosk can tell the customer about why a slip cannot be printed now. */
export type PrinterProblem = 'printer_not_configured' | 'printer_offline' | 'printer_out_of_paper';

/** `status` as CUPS reports it here, or as another kiosk's heartbeat reported it (its state is any text then). */
export function problemOf(status: (Pick<PrinterStatus, 'accepting' | 'reasons'> & { state: string }) | undefined): PrinterProblem | undefined {
  if (!status) return 'printer_not_configured';
  if (status.reasons.some((reason) => reason.startsWith('media-empty') || reason.startsWith('media-needed'))) {
    return 'printer_out_of_paper';
  }
  if (status.state === 'stopped' || !status.accepting || status.reasons.some((r) => r.startsWith('offline'))) {
    return 'printer_offline';
  }
  return undefined;
}

/** The CUPS client commands (cups-client), run without a shell. */
export class Cups {
  /** `configuredPrinter` is read at each call: staff may change it at any time. */
  constructor(private readonly configuredPrinter: () => string | undefined = () => undefined) {}

  /** The printer to use, if its name is one CUPS's commands cannot mistake for an option (printer-name.ts). */
  async printerName(): Promise<string | undefined> {
    const configured = this.configuredPrinter();
    if (configured) return isUsablePrinterName(configured) ? configured : undefined;
    try {
      const found = parseDefaultPrinter((await run('lpstat', ['-d'])).stdout);
      return found !== undefined && isUsablePrinterName(found) ? found : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The queue's state as CUPS reports it and, for a network printer (an
   * ipp:// or ipps:// device), the printer's own state asked over IPP: its
   * reasons (media-empty, door-open, …) join the queue's, and a printer that
   * does not answer is offline.
   */
  async status(): Promise<PrinterStatus | undefined> {
    const name = await this.printerName();
    if (!name) return undefined;
    let queue: PrinterStatus | undefined;
    try {
      // Each name attached to its option: CUPS's commands know no "--".
      const { stdout } = await run('lpstat', ['-l', `-p${name}`, `-a${name}`, `-v${name}`]);
      queue = parsePrinterStatus(name, stdout);
      const device = parseDeviceUri(name, stdout);
      if (!queue || !device || !/^ipps?:\/\//.test(device)) return queue;
      const own = await this.deviceState(device);
      const reasons = own ? own.reasons : ['offline'];
      return { ...queue, reasons: [...new Set([...queue.reasons, ...reasons])], accepting: queue.accepting && (own?.accepting ?? true) };
    } catch {
      return queue;
    }
  }

  /** The network printer's own state (ipptool, a 3 s timeout), or undefined when it does not answer. */
  private deviceState(uri: string): Promise<ReturnType<typeof parseDeviceState>> {
    return new Promise((resolve) => {
      // The device URI from lpstat, checked to be ipp(s):// by the caller: no option can hide in it.
      const ipptool = spawn('ipptool', ['-T', '3', '-c', uri, deviceStateTest()], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      ipptool.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      ipptool.once('error', () => resolve(undefined));
      ipptool.once('close', (code) => resolve(code === 0 ? parseDeviceState(out) : undefined));
    });
  }

  /** Names of the printers CUPS knows (for staff settings). */
  async printers(): Promise<string[]> {
    try {
      const { stdout } = await run('lpstat', ['-e']);
      return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    } catch {
      return [];
    }
  }

  /**
   * Submits a PDF through stdin, so the slip never lands in a file of ours.
   * `media` names the paper (A4, or the roll's custom size), so the printer
   * does not re-fit the page onto its default sheet.
   */
  submit(printer: string, pdf: Buffer, title: string, media: string): Promise<string> {
    return new Promise((resolve, reject) => {
      if (!isUsablePrinterName(printer)) return reject(new Error('lp refused: not a usable printer name'));
      const lp = spawn('lp', [`-d${printer}`, `-t${title}`, '-o', 'job-sheets=none', '-o', `media=${media}`], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      lp.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      lp.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      lp.once('error', reject);
      lp.once('close', (code) => {
        const jobId = parseJobId(out);
        if (code === 0 && jobId) resolve(jobId);
        else reject(new Error(`lp failed (${code}): ${out.trim().slice(0, 200)}`));
      });
      lp.stdin.end(pdf);
    });
  }

  /**
   * Cancels a job that has not completed and purges it (`cancel -x`): its
   * document leaves the spool and it can never print later, when the printer
   * comes back for whoever stands there then. A job already gone is fine.
   */
  async cancelAndPurge(jobId: string): Promise<void> {
    // A job id CUPS gave (NAME-123): never a word cancel could take for an option.
    if (!isUsablePrinterName(jobId) || !/-\d+$/.test(jobId)) return;
    await closeQuietly(run('cancel', ['-x', jobId]));
  }

  /** The printer's jobs not yet completed. */
  async pendingJobs(printer: string): Promise<string[]> {
    if (!isUsablePrinterName(printer)) return [];
    return jobIdsIn((await run('lpstat', [`-o${printer}`])).stdout);
  }

  async jobPending(printer: string, jobId: string): Promise<boolean> {
    if (!isUsablePrinterName(printer)) return false;
    const { stdout } = await run('lpstat', [`-o${printer}`]);
    return jobPending(jobId, stdout);
  }
}
