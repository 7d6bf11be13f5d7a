import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { verifyImportedHash } from './imported-hashes';

/**
 * Password hashing to OWASP ASVS 5.0 Appendix C: scrypt N=2^17, r=8, p=1.
 * The parameters are stored with each hash, so they can be raised later and
 * old hashes upgraded at the next sign-in (`needsRehash`).
 * Format: scrypt$N$r$p$salt(base64)$key(base64)
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The parameters new hashes are made with: CURRENT_PARAMS, always, in a kiosk.
 * The unit tests (test/support/test-kdf.ts) lower them for the thousands of
 * hashes they make; a stored hash carries its own parameters, so every check
 * stays the real one. Nothing else calls usePasswordHashCost.
 */
let active: ScryptParams = CURRENT_PARAMS;
export function usePasswordHashCost(params: ScryptParams): void {
  active = params;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is too small for N=2^17.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    // Runs on libuv's thread pool: the main thread stays free for other windows and IPC.
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = active): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!match) return undefined;
  const [, N, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  // Refuse a cost above our own hash's (memory 128·N·r, work N·r·p), so a tampered row cannot exhaust memory or time.
  if (params.N < 2 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.p < 1) return undefined;
  if (params.N * params.r > CURRENT_PARAMS.N * CURRENT_PARAMS.r || params.N * params.r * params.p > CURRENT_PARAMS.N * CURRENT_PARAMS.r * CURRENT_PARAMS.p) return undefined;
  return { params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Checks a password against the kiosk's own hash, or against one imported from the provider's system (PHC format, starting with "$"). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (encoded.startsWith('$')) return verifyImportedHash(password, encoded);
  const parsed = parseHash(encoded);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash was made with exactly the parameters new hashes get now. */
export function isAtCurrentCost(encoded: string): boolean {
  const parsed = parseHash(encoded);
  return !!parsed && parsed.params.N === active.N && parsed.params.r === active.r && parsed.params.p === active.p;
}

/** True when a stored hash is weaker than the current parameters, or not the kiosk's own (an imported one). */
export function needsRehash(encoded: string, params: ScryptParams = active): boolean {
  const parsed = parseHash(encoded);
  if (!parsed) return true;
  return parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}
