import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port';

/**
 * A network printer on loopback that speaks IPP Everywhere: CUPS's
 * `ippeveprinter` (Debian's cups-ipp-utils). Its web page sets the paper
 * level, so a test can empty its tray and the printer reports media-empty
 * before any job, as a real one does. ippeveprinter insists on a D-Bus system
 * bus for DNS-SD (advertising is off): a private bus of its own stands in.
 */
export interface IppPrinter {
  uri: string;
  /** Sheets in the main tray: 0 makes the printer report media-empty. */
  setPaper(sheets: 0 | 250): Promise<void>;
  stop(): Promise<void>;
}

async function started(child: ChildProcess, ready: () => Promise<boolean>, what: string): Promise<void> {
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${output}`);
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start: ${output}`);
}

export async function startIppPrinter(): Promise<IppPrinter> {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [address] = (await once(bus.stdout!, 'data')) as [Buffer];
  const port = await freePort();
  const printer = spawn('ippeveprinter', ['-p', String(port), '-r', 'off', '-n', 'localhost', '-f', 'application/pdf,image/pwg-raster', `KioskIPP${port}`], {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: address.toString().trim() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const web = `http://localhost:${port}`;
  await started(printer, () => fetch(`${web}/`).then((r) => r.ok, () => false), 'ippeveprinter');
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return {
    uri: `ipp://localhost:${port}/ipp/print`,
    setPaper: async (sheets) => {
      // The /media form of ippeveprinter's web page (a GET): the main tray's level, the by-pass tray as it starts.
      const response = await fetch(`${web}/media?size1=na_letter_8.5x11in&type1=stationery&level1=${sheets}&size3=na_number-10_4.125x9.5in&type3=envelope&level3=-2`);
      await response.text();
    },
    stop: async () => {
      await stop(printer);
      await stop(bus);
    },
  };
}
