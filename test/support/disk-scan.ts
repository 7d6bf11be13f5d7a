import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flat } from './cups';

export interface Finding {
  file: string;
  needle: string;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Every regular file under `roots` changed since `since` (ms), symlinks not followed, unreadable ones skipped. */
function* changedFiles(roots: string[], since: number, skip: (path: string) => boolean): Generator<string> {
  const stack = [...roots];
  while (stack.length) {
    const path = stack.pop()!;
    if (skip(path)) continue;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      try {
        for (const name of readdirSync(path)) stack.push(join(path, name));
      } catch {
        // unreadable folder
      }
    } else if (stat.isFile() && stat.mtimeMs >= since && stat.size <= MAX_FILE_BYTES) {
      yield path;
    }
  }
}

/** The text a person would read in a PDF (its streams are compressed and its glyphs re-encoded). */
function pdfText(file: string): string {
  try {
    return flat(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return '';
  }
}

/**
 * Looks for each needle in every file changed since `since` under `roots`, as
 * UTF-8 and UTF-16 (Chromium's stores use both), and in the text of PDFs (a
 * slip in CUPS's spool or cups-pdf's output). A needle of digits only (a code)
 * must stand alone, not inside a longer number such as a timestamp.
 */
export function scanForSecrets(roots: string[], since: number, needles: string[], skip: (path: string) => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  const patterns = needles.map((needle) => ({
    needle,
    utf8: Buffer.from(needle, 'utf8'),
    utf16: Buffer.from(needle, 'utf16le'),
    digits: /^\d+$/.test(needle),
  }));
  const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
  const standsAlone = (data: Buffer, at: number, length: number) => !isDigit(data[at - 1]) && !isDigit(data[at + length]);
  const found = (data: Buffer, pattern: Buffer, digits: boolean) => {
    for (let at = data.indexOf(pattern); at !== -1; at = data.indexOf(pattern, at + 1)) {
      if (!digits || standsAlone(data, at, pattern.length)) return true;
    }
    return false;
  };
  for (const file of changedFiles(roots, since, skip)) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue;
    }
    const text = data.subarray(0, 5).toString('latin1') === '%PDF-' ? Buffer.from(pdfText(file), 'utf8') : undefined;
    for (const { needle, utf8, utf16, digits } of patterns) {
      if (found(data, utf8, digits) || found(data, utf16, false) || (text && found(text, Buffer.from(flat(needle), 'utf8'), digits))) {
        findings.push({ file, needle });
      }
    }
  }
  return findings;
}
