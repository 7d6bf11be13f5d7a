import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

type Fields = Record<string, string | number | boolean | null | undefined>;

/**
 * Structured log lines (JSON) to `<dataDir>/logs/kiosk.log` and stderr.
 * Callers pass only facts (channel names, codes, ids): never inputs, which may
 * hold passwords or codes.
 */
export interface Logger {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  close(): Promise<void>;
}

export function createLogger(dataDir: string, echo = process.stderr): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stream: WriteStream = createWriteStream(join(dir, 'kiosk.log'), { flags: 'a', mode: 0o600 });
  const write = (level: string, message: string, fields?: Fields) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    stream.write(`${line}\n`);
    if (level !== 'info') echo.write(`${line}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
