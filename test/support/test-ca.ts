import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Certificates made for a test with openssl, in `dir`: a CA of its own (as a
 * shop's internal CA would be) and server certificates it signs. Nothing is
 * downloaded; each lives two days.
 */
const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** Makes `<name>.crt` and `<name>.key` in `dir`, a self-signed CA; returns the certificate's path. */
export function makeTestCa(dir: string, name: string): string {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`], dir);
  return join(dir, `${name}.crt`);
}

/** Makes `<name>.crt` and `<name>.key` for a server known by `altNames` (e.g. DNS:localhost), signed by the CA `ca`. */
export function issueServerCert(dir: string, ca: string, name: string, altNames: string[]): { cert: string; key: string } {
  writeFileSync(join(dir, `${name}.san`), `subjectAltName=${altNames.join(',')}\n`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.san`, '-out', `${name}.crt`], dir);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}
