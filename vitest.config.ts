import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // scrypt at ASVS strength takes ~0.3 s a hash on two cores.
    testTimeout: 30_000,
  },
});
