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

describe('imported hashes at their costliest', () => {
  it('argon2id and bcrypt are checked off the main thread: the kiosk answers other windows meanwhile', async () => {
    const { argon2id, bcrypt } = await import('hash-wasm');
    const salt = Buffer.alloc(16, 7);
    const hashes = [
      await argon2id({ password: 'Right_pass1', salt, iterations: 4, memorySize: 64 * 1024, parallelism: 1, hashLength: 32, outputType: 'encoded' }),
      await bcrypt({ password: 'Right_pass1', salt, costFactor: 12, outputType: 'encoded' }),
    ];
    for (const hash of hashes) {
      // Turns of the event loop while the check runs: on the main thread there would be none until it ends.
      let turns = 0;
      const ticker = setInterval(() => (turns += 1), 5);
      const started = performance.now();
      const [wrong, right] = await Promise.all([verifyPassword('Wrong_pass1', hash), verifyPassword('Right_pass1', hash)]);
      const tookMs = performance.now() - started;
      clearInterval(ticker);
      expect([wrong, right]).toEqual([false, true]);
      expect(turns, `${turns} turns in ${tookMs.toFixed(0)} ms`).toBeGreaterThanOrEqual(Math.floor(tookMs / 5 / 4));
    }
  });

  it("refuses a kiosk hash in the store whose cost is above the kiosk's own (a tampered row), each parameter in range or not", async () => {
    const own = await hashPassword('Demo-pass1', CURRENT_PARAMS);
    const [, , , , salt, key] = own.split('$');
    const tampered = (N: number, r: number, p: number) => ['scrypt', N, r, p, salt, key].join('$');
    // Refused before any work (4 GiB and minutes for the first, were it run).
    expect(await verifyPassword('Demo-pass1', tampered(2 ** 20, 32, 16))).toBe(false);
    expect(await verifyPassword('Demo-pass1', tampered(2 ** 17, 8, 16))).toBe(false);
    expect(await verifyPassword('Demo-pass1', own)).toBe(true);
  });
});
