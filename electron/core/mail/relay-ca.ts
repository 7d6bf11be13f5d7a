import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';

/**
 * The CA certificate (PEM) that signed the relay's certificate, read from
 * `file` (KIOSK_SMTP_CA_FILE). A file that is missing or holds no CA
 * certificate throws, naming the file: the kiosk would otherwise retry mail for ever
 * against a certificate it cannot check.
 */
export function readRelayCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: error });
  }
  try {
    const certificate = new X509Certificate(pem);
    if (!certificate.ca) throw new Error('not a CA certificate');
  } catch (error) {
    throw new Error(`${file}: not a PEM CA certificate (${error instanceof Error ? error.message : 'unreadable'})`, { cause: error });
  }
  return pem;
}
