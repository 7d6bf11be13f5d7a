// Part of `npm run bench` (run with tsx): what one sign-in costs against the
// costliest imported hash the import accepts (imported-hashes.ts
// IMPORTED_HASH_LIMITS), of each kind: anyone may type such an ID at the
// kiosk, so this is what a stranger can make one attempt cost. Wrong passwords
// (no re-hash). argv: rounds. Prints one JSON line: the slowest kind's p50.
import { randomBytes, scryptSync } from 'node:crypto';
import { argon2id, bcrypt } from 'hash-wasm';
import { describeImportedHash, IMPORTED_HASH_LIMITS, scryptMaxmem } from '../electron/core/auth/imported-hashes';
import { verifyPassword } from '../electron/core/auth/password-hash';
import { percentile } from './bench-support';

const ROUNDS = Number(process.argv[2] ?? 5);
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
const limits = IMPORTED_HASH_LIMITS;
const salt = () => randomBytes(16);
const argonAt = (memorySize: number, iterations: number) =>
  argon2id({ password: 'Bench_pass1', salt: salt(), iterations, memorySize, parallelism: 1, hashLength: 32, outputType: 'encoded' });

// scrypt at the kiosk's own memory and work (N·r fills both); argon2id at the memory limit, and at the work limit with less memory; bcrypt at its top cost.
const N = limits.scryptMemoryBytes / 128 / 8;
const scryptSalt = salt();
const costliest: Record<string, string> = {
  [`scrypt ln=${Math.log2(N)},r=8,p=1`]: `$scrypt$ln=${Math.log2(N)},r=8,p=1$${b64(scryptSalt)}$${b64(scryptSync('Bench_pass1', scryptSalt, 32, { N, r: 8, p: 1, maxmem: scryptMaxmem(N, 8) }))}`,
  [`argon2id m=${limits.argon2MemoryKiB},t=${limits.argon2Work / limits.argon2MemoryKiB}`]: await argonAt(limits.argon2MemoryKiB, limits.argon2Work / limits.argon2MemoryKiB),
  [`argon2id m=${limits.argon2Work / 4},t=4`]: await argonAt(limits.argon2Work / 4, 4),
  [`bcrypt ${limits.bcryptCost}`]: await bcrypt({ password: 'Bench_pass1', salt: salt(), costFactor: limits.bcryptCost, outputType: 'encoded' }),
};
const perKind: Record<string, number> = {};
for (const [name, hash] of Object.entries(costliest)) {
  if (!('kind' in describeImportedHash(hash))) throw new Error(`${name}: the import would refuse it`);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const t = performance.now();
    if (await verifyPassword('Wrong_pass1', hash)) throw new Error(`${name}: a wrong password matched`);
    times.push(performance.now() - t);
  }
  perKind[name] = percentile(times, 50);
}
const [slowest, slowestMs] = Object.entries(perKind).sort((a, b) => b[1] - a[1])[0]!;
console.log(JSON.stringify({ rounds: ROUNDS, slowest, slowestMs, perKind }));
