import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';

/**
 * A network printer on loopback for CUPS's socket:// backend (AppSocket/JetDirect,
 * port 9100 on a real one). Unplugged, it refuses connections: CUPS keeps the
 * job "processing" and retries, as with a printer that lost power or network.
 * Every job whose data reached it is counted.
 */
export interface SocketPrinter {
  name: string;
  /** Jobs whose data reached the printer. */
  jobs(): number;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  remove(): Promise<void>;
}

const lpadmin = (...args: string[]) => execFileSync('lpadmin', args, { stdio: 'pipe' });

export async function addSocketPrinter(name: string): Promise<SocketPrinter> {
  let jobs = 0;
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    server = createServer((socket) => {
      let counted = false;
      socket.on('data', () => {
        if (!counted) jobs += 1;
        counted = true;
      });
      // The backend half-closes when it has sent everything: a working printer then hangs up.
      socket.on('end', () => socket.end());
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  const close = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen();
  lpadmin('-p', name, '-E', '-v', `socket://127.0.0.1:${port}`, '-P', '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd');
  return {
    name,
    jobs: () => jobs,
    unplug: async () => {
      await close();
      server = undefined;
    },
    plugIn: listen,
    remove: async () => {
      lpadmin('-x', name);
      await close();
    },
  };
}

/** Jobs CUPS still holds for the printer (queued, held or printing): `lpstat -o NAME`. */
export function queuedJobs(printer: string): string[] {
  return execFileSync('lpstat', ['-o', printer], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
