import { execFile } from 'node:child_process';
import { isUsablePrinterName } from '../../../shared/rules/printer-name';
import { readdir, readFile, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `lpstat -v NAME` → whether the printer is cups-pdf (device "cups-pdf:/"). */
export function isCupsPdfDevice(lpstatV: string): boolean {
  return /^device for \S+: cups-pdf:/m.test(lpstatV);
}

/** cups-pdf.conf's `Out` folder, with ${USER} and ${HOME} filled in (its default is ${HOME}/PDF). */
export function cupsPdfOutDir(conf: string, user: { username: string; homedir: string }): string {
  const out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? '${HOME}/PDF';
  return out.replace('${USER}', user.username).replace('${HOME}', user.homedir);
}

/** cups-pdf puts the job number in each file's name ("…-job_12.pdf"). */
export function isFileOfJob(fileName: string, jobNumber: string): boolean {
  return fileName.endsWith('.pdf') && new RegExp(`(^|[^0-9])job_${jobNumber}([^0-9]|$)`).test(fileName);
}

/**
 * The demo printer (cups-pdf) stands in for paper by writing each job as a
 * PDF, which would stay on disk for ever. The kiosk finds the file of each job
 * it printed so it can remove it when the customer's session ends.
 */
export class CupsPdfOutput {
  constructor(
    private readonly confFile = '/etc/cups/cups-pdf.conf',
    private readonly user = userInfo(),
  ) {}

  async isCupsPdf(printer: string): Promise<boolean> {
    try {
      return isUsablePrinterName(printer) && isCupsPdfDevice((await run('lpstat', [`-v${printer}`])).stdout);
    } catch {
      return false;
    }
  }

  /** The PDF cups-pdf wrote for a job ("Printer-12"), if it is there. */
  async fileOf(jobId: string): Promise<string | undefined> {
    const number = /-(\d+)$/.exec(jobId)?.[1];
    if (!number) return undefined;
    try {
      const dir = cupsPdfOutDir(await readFile(this.confFile, 'utf8'), this.user);
      const name = (await readdir(dir)).find((file) => isFileOfJob(file, number));
      return name && join(dir, name);
    } catch {
      return undefined;
    }
  }

  async remove(file: string): Promise<void> {
    await rm(file, { force: true });
  }
}
