import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** Where cups-pdf writes what it "prints" for jobs of this user. */
export function cupsPdfOutDir(): string {
  const conf = readFileSync('/etc/cups/cups-pdf.conf', 'utf8');
  const out = /^Out (.+)$/m.exec(conf)?.[1]?.trim() ?? '${HOME}/PDF';
  const user = userInfo();
  return out.replace('${USER}', user.username).replace('${HOME}', user.homedir);
}

/** The printed PDFs in the cups-pdf output folder whose text includes `marker`. */
export function printedPdfsContaining(marker: string): string[] {
  const dir = cupsPdfOutDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pdf'))
    .map((name) => join(dir, name))
    .filter((file) => {
      // Another test's customer may leave meanwhile, and the kiosk removes that customer's demo copies: a file gone is not this one.
      try {
        return statSync(file).size > 0 && pdfText(file).includes(flat(marker));
      } catch {
        return false;
      }
    });
}

/**
 * The PDF's text, NFKC-normalised and without whitespace: the printed PDF maps
 * some kanji to Kangxi radicals (⼤ for 大) and spaces runs of text freely.
 */
export function pdfText(file: string): string {
  // A file another test's customer took away meanwhile fails here, quietly: the callers decide.
  return flat(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

export function flat(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** pdfinfo's page count and size in points. */
export function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** Fonts in the PDF that are not embedded (should be none). */
export function unembeddedFonts(file: string): string[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.filter((line) => / no +(no|yes) +(no|yes) +\d+ +\d+$/.test(line) && !/ yes +(no|yes) +(no|yes) +\d+ +\d+$/.test(line));
}

/** Renders page 1 to a PNG (for a person to look at) and returns its path. */
export function renderPng(file: string, outBase: string): string {
  execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', file, outBase], { stdio: 'ignore' });
  return `${outBase}.png`;
}

const lpadmin = (...args: string[]) => execFileSync('lpadmin', args, { stdio: 'pipe' });

/** A cups-pdf printer that exists but is stopped and rejects jobs, as an offline printer would. */
export function addStoppedPrinter(name: string): void {
  lpadmin('-p', name, '-v', 'cups-pdf:/', '-P', '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd', '-o', 'pdftops-renderer-default=pdftocairo');
  execFileSync('cupsdisable', [name]);
  execFileSync('cupsreject', [name]);
}

export function enablePrinter(name: string): void {
  execFileSync('cupsenable', [name]);
  execFileSync('cupsaccept', [name]);
}

export function removePrinter(name: string): void {
  lpadmin('-x', name);
}
