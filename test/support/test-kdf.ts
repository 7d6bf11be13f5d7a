import { usePasswordHashCost } from '../../electron/core/auth/password-hash';

/**
 * The unit tests make thousands of password hashes: at the kiosk's cost
 * (scrypt N=2^17, ~0.3 s each on two cores) they would spend most of the run
 * in the KDF. New hashes in a test process take N=2^12 instead; every stored
 * hash carries its parameters, so each check is still the real one, and
 * test/unit/password-hash.test.ts checks the kiosk's own cost in a process of
 * its own. Loaded by vitest (setupFiles) and by every child process a test starts.
 */
export const TEST_KDF = { N: 2 ** 12, r: 8, p: 1 } as const;
usePasswordHashCost(TEST_KDF);
