import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStream } from 'rotating-file-stream';

type Fields = Record<string, string | number | boolean | null | undefined>;

/**
 * Structured log lines (JSON) to `<dataDir>/logs/kiosk.log`, and all but info to stderr.
 * Callers pass only facts (channel names, codes, ids): never inputs, which may
 * hold passwords or codes.
 */
export interface Logger {
  info(message: string, fields?: Fields): void;
  /**
   * A fact for the system log as well as the file: echoed to stderr, which
   * journald (or syslog) keeps under systemd, out of the kiosk user's reach
   * (the audit chain's anchors). Info lines stay in the file.
   */
  notice(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  close(): Promise<void>;
}

/** A kiosk runs for months: the log turns over at this size and keeps this many old files. */
export interface LogRotation {
  size: `${number}K` | `${number}M`;
  files: number;
}
export const LOG_ROTATION: LogRotation = { size: '10M', files: 5 };
export const LOG_FILE = 'kiosk.log';

export function createLogger(dataDir: string, echo: Pick<NodeJS.WritableStream, 'write'> = process.stderr, rotation = LOG_ROTATION): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // kiosk.log, then kiosk.log.1 (newest) … kiosk.log.N, as logrotate would name them. (With `rotate`,
  // rotating-file-stream calls the generator with the old file's number, or null for the current file.)
  const stream = createStream((index: number | Date | null) => (typeof index === 'number' && index > 0 ? `${LOG_FILE}.${index}` : LOG_FILE), {
    path: dir,
    size: rotation.size,
    rotate: rotation.files,
    mode: 0o600,
  });
  // A closed stderr (its reader gone) must not turn each log line into an error that is logged in turn:
  // after the first failed echo, lines go to the file only.
  let echoing = true;
  const echoLine = (line: string) => {
    if (!echoing) return;
    try {
      echo.write(line, (error) => {
        if (error) echoing = false;
      });
    } catch {
      echoing = false;
    }
  };
  const write = (level: string, message: string, fields?: Fields) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    stream.write(`${line}\n`);
    if (level !== 'info') echoLine(`${line}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    notice: (message, fields) => write('notice', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
