import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';

/**
 * A PEM certificate file IT names for the kiosk to trust: the CA that signed
 * the mail relay's certificate (KIOSK_SMTP_CA_FILE, a CA certificate), or the
 * database's `sslrootcert=`. Read and checked at start: a file that is missing
 * or holds no such certificate throws, and the caller names the file and its
 * setting (the message says only what is wrong with it). Otherwise the kiosk
 * would retry for ever against a certificate it cannot check.
 */
export function readCertificateFile(file: string, { requireCa }: { requireCa: boolean }): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: error });
  }
  try {
    const certificate = new X509Certificate(pem);
    if (requireCa && !certificate.ca) throw new Error('not a CA certificate');
  } catch (error) {
    throw new Error(`not a PEM ${requireCa ? 'CA ' : ''}certificate (${error instanceof Error ? error.message : 'unreadable'})`, { cause: error });
  }
  return pem;
}
