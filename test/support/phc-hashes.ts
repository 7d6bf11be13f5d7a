import { randomBytes, scryptSync } from 'node:crypto';
import { argon2id, bcrypt } from 'hash-wasm';

/** Hashes as a provider's system exports them (PHC strings), at cheap parameters: what an import file holds. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

export const phc = {
  scrypt: (password: string) => {
    const salt = randomBytes(16);
    return `$scrypt$ln=4,r=8,p=1$${b64(salt)}$${b64(scryptSync(password, salt, 32, { N: 16, r: 8, p: 1 }))}`;
  },
  argon2id: (password: string) =>
    argon2id({ password, salt: randomBytes(16), iterations: 2, memorySize: 1024, parallelism: 1, hashLength: 32, outputType: 'encoded' }),
  bcrypt: (password: string) => bcrypt({ password, salt: randomBytes(16), costFactor: 4, outputType: 'encoded' }),
};
