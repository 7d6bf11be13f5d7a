import { scrypt, timingSafeEqual } from 'node:crypto';
import { verifyOffMainThread } from './wasm-hash-worker';

/**
 * Password hashes a provider's system exports, in the PHC string format
 * (https://github.com/P-H-C/phc-string-format): scrypt, argon2id and bcrypt.
 * The kiosk checks them as they are and, at the customer's first successful
 * sign-in, replaces them with its own (password-hash.ts).
 *
 * The cost is bounded as a whole, not parameter by parameter: anyone may type
 * an imported ID at the kiosk, and each check of its hash costs what the hash
 * asks for. Memory and work are held to the kiosk's own hash (scrypt N=2^17,
 * r=8: 128 MiB, ~0.4 s here), so no import can make one sign-in cost more
 * than a sign-in with a kiosk's own password. Lengths are held to what real
 * hashes have. argon2id and bcrypt (WebAssembly) run in a worker thread,
 * scrypt on libuv's threads: the main thread never waits for a check.
 */
export type ImportedHashKind = 'scrypt' | 'argon2id' | 'bcrypt';

const B64 = '[A-Za-z0-9+/.]+={0,2}';
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${B64})\\$(${B64})$`);
const ARGON2ID = new RegExp(`^\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$(${B64})\\$(${B64})$`);
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** The kiosk's own hash (password-hash.ts CURRENT_PARAMS): what an imported one may cost at most. */
const OWN_MEMORY_BYTES = 128 * 2 ** 17 * 8;
const OWN_WORK = 2 ** 17 * 8;

export const IMPORTED_HASH_LIMITS = {
  /** scrypt: 128·N·r bytes of memory, N·r·p block mixes. */
  scryptMemoryBytes: OWN_MEMORY_BYTES,
  scryptWork: OWN_WORK,
  /** argon2id: m KiB of memory, m·t KiB passed over (OWASP's m=19 MiB/t=2 and m=46 MiB/t=1 are inside). */
  argon2MemoryKiB: OWN_MEMORY_BYTES / 1024,
  argon2Work: 256 * 1024,
  argon2Parallelism: 8,
  bcryptCost: 12,
  /** Salts and outputs: real ones are 8–64 bytes and 16–64 bytes. */
  saltBytes: { min: 8, max: 64 },
  outputBytes: { min: 16, max: 64 },
  /** The whole PHC string. */
  encodedLength: 300,
} as const;

/** PHC's base64 omits the padding (and passlib's writes "." for "+"): both read. */
const decode = (text: string) => Buffer.from(text.replace(/\./g, '+'), 'base64');

const MiB = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** A salt and an output of the lengths real hashes have, or why not. */
function lengthProblem(salt: string, output: string): string | undefined {
  const { saltBytes, outputBytes } = IMPORTED_HASH_LIMITS;
  const [s, o] = [decode(salt).length, decode(output).length];
  if (s < saltBytes.min || s > saltBytes.max) return `salt of ${s} bytes (${saltBytes.min} to ${saltBytes.max})`;
  if (o < outputBytes.min || o > outputBytes.max) return `hash of ${o} bytes (${outputBytes.min} to ${outputBytes.max})`;
  return undefined;
}

function scryptProblem(ln: number, r: number, p: number): string | undefined {
  if (ln < 1 || r < 1 || p < 1) return `scrypt parameters out of range (ln=${ln}, r=${r}, p=${p})`;
  const memory = 128 * 2 ** ln * r;
  const work = 2 ** ln * r * p;
  const limits = IMPORTED_HASH_LIMITS;
  if (memory > limits.scryptMemoryBytes) return `scrypt asks ${MiB(memory)} of memory (ln=${ln}, r=${r}; at most ${MiB(limits.scryptMemoryBytes)}, the kiosk's own hash)`;
  if (work > limits.scryptWork) return `scrypt asks ${work / limits.scryptWork}× the work of the kiosk's own hash (ln=${ln}, r=${r}, p=${p}; at most 1×)`;
  return undefined;
}

function argon2Problem(m: number, t: number, p: number): string | undefined {
  const limits = IMPORTED_HASH_LIMITS;
  if (t < 1 || p < 1 || p > limits.argon2Parallelism || m < 8 * p) return `argon2id parameters out of range (m=${m}, t=${t}, p=${p}; p at most ${limits.argon2Parallelism})`;
  if (m > limits.argon2MemoryKiB) return `argon2id asks ${MiB(m * 1024)} of memory (m=${m}; at most ${MiB(limits.argon2MemoryKiB * 1024)})`;
  if (m * t > limits.argon2Work) return `argon2id asks too much work (m·t=${m * t} KiB; at most ${limits.argon2Work})`;
  return undefined;
}

/**
 * What an imported hash is, or why it cannot be used (for the import's report).
 * Undefined `kind` with a `problem`: refused.
 */
export function describeImportedHash(encoded: string): { kind: ImportedHashKind } | { problem: string } {
  if (encoded.length > IMPORTED_HASH_LIMITS.encodedLength) return { problem: `longer than ${IMPORTED_HASH_LIMITS.encodedLength} characters: no real hash is` };
  const scryptMatch = SCRYPT.exec(encoded);
  if (scryptMatch) {
    const [, ln, r, p] = scryptMatch.map(Number) as [number, number, number, number];
    const problem = scryptProblem(ln, r, p) ?? lengthProblem(scryptMatch[4]!, scryptMatch[5]!);
    return problem ? { problem } : { kind: 'scrypt' };
  }
  const argonMatch = ARGON2ID.exec(encoded);
  if (argonMatch) {
    const [, m, t, p] = argonMatch.map(Number) as [number, number, number, number];
    const problem = argon2Problem(m, t, p) ?? lengthProblem(argonMatch[4]!, argonMatch[5]!);
    return problem ? { problem } : { kind: 'argon2id' };
  }
  const bcryptMatch = BCRYPT.exec(encoded);
  if (bcryptMatch) {
    const cost = Number(bcryptMatch[1]);
    if (cost < 4 || cost > IMPORTED_HASH_LIMITS.bcryptCost) return { problem: `bcrypt cost out of range (${cost}; at most ${IMPORTED_HASH_LIMITS.bcryptCost})` };
    return { kind: 'bcrypt' };
  }
  if (/^\$argon2(i|d)\$/.test(encoded)) return { problem: 'argon2i and argon2d are not accepted: export argon2id' };
  if (/^\$(scrypt|argon2id)\$/.test(encoded)) return { problem: 'parameters or lengths out of range for a real hash' };
  return { problem: 'not a PHC-format scrypt, argon2id or bcrypt hash' };
}

/** scrypt's memory: 128·N·r, which describeImportedHash has bounded. */
export const scryptMaxmem = (N: number, r: number) => 128 * N * r + 2 ** 20;

function scryptKey(password: string, salt: Buffer, length: number, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: scryptMaxmem(N, r) }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Whether `password` matches an imported hash; false for anything describeImportedHash refuses. */
export async function verifyImportedHash(password: string, encoded: string): Promise<boolean> {
  const described = describeImportedHash(encoded);
  if (!('kind' in described)) return false;
  if (described.kind !== 'scrypt') return verifyOffMainThread(described.kind, password.normalize('NFC'), encoded);
  const [, ln, r, p, salt, hash] = SCRYPT.exec(encoded)!;
  const expected = decode(hash!);
  const key = await scryptKey(password, decode(salt!), expected.length, Number(ln), Number(r), Number(p));
  return timingSafeEqual(key, expected);
}
