import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Page 1 of a PDF as a PNG data URL (poppler's pdftocairo, writing to stdout),
 * for staff to look at the demo printer's output on the kiosk screen. Undefined
 * when the file is gone or unreadable.
 */
export async function pdfPreview(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('pdftocairo', ['-png', '-r', '60', '-singlefile', '-f', '1', '-l', '1', file, '-'], {
      encoding: 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.length > 0 ? `data:image/png;base64,${stdout.toString('base64')}` : undefined;
  } catch {
    return undefined;
  }
}
