import { scrypt, timingSafeEqual } from 'node:crypto';
import { argon2Verify, bcryptVerify } from 'hash-wasm';

/**
 * Password hashes a provider's system exports, in the PHC string format
 * (https://github.com/P-H-C/phc-string-format): scrypt, argon2id and bcrypt.
 * The kiosk checks them as they are and, at the customer's first successful
 * sign-in, replaces them with its own (password-hash.ts). The parameters are
 * bounded: a hostile or mistaken import must not make a sign-in take the
 * kiosk's memory or minutes of its time.
 */
export type ImportedHashKind = 'scrypt' | 'argon2id' | 'bcrypt';

const B64 = '[A-Za-z0-9+/.]+={0,2}';
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d+),r=(\\d+),p=(\\d+)\\$(${B64})\\$(${B64})$`);
const ARGON2ID = new RegExp(`^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$(${B64})\\$(${B64})$`);
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/**
 * The largest work an imported hash may ask for. scrypt runs on libuv's
 * threads; argon2id and bcrypt (WebAssembly) run on the main thread, once per
 * customer before the re-hash, so they are held to about a quarter of a second
 * on a kiosk PC (OWASP's argon2id m=19 MiB/t=2 and m=46 MiB/t=1, and bcrypt
 * 10 to 12, are inside).
 */
export const IMPORTED_HASH_LIMITS = {
  scryptLogN: 20,
  argon2MemoryKiB: 64 * 1024,
  argon2Iterations: 4,
  argon2Parallelism: 8,
  bcryptCost: 12,
} as const;

/** PHC's base64 omits the padding (and passlib's writes "." for "+"): both read. */
const decode = (text: string) => Buffer.from(text.replace(/\./g, '+'), 'base64');

/**
 * What an imported hash is, or why it cannot be used (for the import's report).
 * Undefined `kind` with a `problem`: refused.
 */
export function describeImportedHash(encoded: string): { kind: ImportedHashKind } | { problem: string } {
  const scryptMatch = SCRYPT.exec(encoded);
  if (scryptMatch) {
    const [, ln, r, p] = scryptMatch.map(Number) as [number, number, number, number];
    if (ln < 1 || ln > IMPORTED_HASH_LIMITS.scryptLogN || r < 1 || r > 32 || p < 1 || p > 16) {
      return { problem: `scrypt parameters out of range (ln=${ln}, r=${r}, p=${p}; at most ln=${IMPORTED_HASH_LIMITS.scryptLogN})` };
    }
    if (decode(scryptMatch[5]!).length < 16) return { problem: 'scrypt hash shorter than 16 bytes' };
    return { kind: 'scrypt' };
  }
  const argonMatch = ARGON2ID.exec(encoded);
  if (argonMatch) {
    const [, m, t, p] = argonMatch.map(Number) as [number, number, number, number];
    const limits = IMPORTED_HASH_LIMITS;
    if (m < 8 * p || m > limits.argon2MemoryKiB || t < 1 || t > limits.argon2Iterations || p < 1 || p > limits.argon2Parallelism) {
      return { problem: `argon2id parameters out of range (m=${m}, t=${t}, p=${p}; at most m=${limits.argon2MemoryKiB}, t=${limits.argon2Iterations}, p=${limits.argon2Parallelism})` };
    }
    return { kind: 'argon2id' };
  }
  const bcryptMatch = BCRYPT.exec(encoded);
  if (bcryptMatch) {
    const cost = Number(bcryptMatch[1]);
    if (cost < 4 || cost > IMPORTED_HASH_LIMITS.bcryptCost) return { problem: `bcrypt cost out of range (${cost}; at most ${IMPORTED_HASH_LIMITS.bcryptCost})` };
    return { kind: 'bcrypt' };
  }
  if (/^\$argon2(i|d)\$/.test(encoded)) return { problem: 'argon2i and argon2d are not accepted: export argon2id' };
  return { problem: 'not a PHC-format scrypt, argon2id or bcrypt hash' };
}

function scryptKey(password: string, salt: Buffer, length: number, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Whether `password` matches an imported hash; false for anything describeImportedHash refuses. */
export async function verifyImportedHash(password: string, encoded: string): Promise<boolean> {
  const described = describeImportedHash(encoded);
  if (!('kind' in described)) return false;
  switch (described.kind) {
    case 'scrypt': {
      const [, ln, r, p, salt, hash] = SCRYPT.exec(encoded)!;
      const expected = decode(hash!);
      const key = await scryptKey(password, decode(salt!), expected.length, Number(ln), Number(r), Number(p));
      return timingSafeEqual(key, expected);
    }
    case 'argon2id':
      return argon2Verify({ password: password.normalize('NFC'), hash: encoded });
    case 'bcrypt':
      return bcryptVerify({ password: password.normalize('NFC'), hash: encoded });
  }
}
