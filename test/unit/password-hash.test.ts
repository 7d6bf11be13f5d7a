import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from '../../electron/core/auth/password-hash';
import { TEST_KDF } from '../support/test-kdf';

describe('password hashing (scrypt, OWASP ASVS 5.0 Appendix C)', () => {
  it('uses at least N=2^17, r=8, p=1 in a kiosk process, and stores them with the hash', () => {
    expect(CURRENT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(CURRENT_PARAMS.r).toBeGreaterThanOrEqual(8);
    expect(CURRENT_PARAMS.p).toBe(1);
    // A process of its own, as a kiosk is: without the unit tests' cheaper KDF.
    const script = "import { hashPassword } from './electron/core/auth/password-hash.ts'; process.stdout.write(await hashPassword('Demo-pass1'));";
    const hash = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(hash.startsWith(`scrypt$${2 ** 17}$8$1$`)).toBe(true);
    expect(hash).not.toContain('Demo-pass1');
  });

  it('makes new hashes at the unit tests\' cheaper cost here, and stores it with each', async () => {
    expect(await hashPassword('x')).toMatch(new RegExp(`^scrypt\\$${TEST_KDF.N}\\$8\\$1\\$`));
  });

  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('Demo-pass1');
    expect(await verifyPassword('Demo-pass1', hash)).toBe(true);
    expect(await verifyPassword('demo-pass1', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verifies hashes made with older parameters and flags them for rehash', async () => {
    const weak = await hashPassword('Demo-pass1', { N: 2 ** 10, r: 8, p: 1 });
    expect(needsRehash(weak, CURRENT_PARAMS)).toBe(true);
    expect(await verifyPassword('Demo-pass1', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
  });

  it('refuses malformed or hostile stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$0$8$1$AA==$AA==', `scrypt$${2 ** 30}$8$1$AA==$AA==`, 'scrypt$1024$8$1$AA==$AA==']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
