import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// One id per run: the PostgreSQL project's databases are named after it and dropped at the end.
process.env.TEST_PG_RUN ??= String(process.pid);

/** Tests of the SQLite file itself (its modes, locks, faults, old versions): they have no PostgreSQL counterpart. */
const SQLITE_FILE_TESTS = ['test/unit/store-faults.test.ts', 'test/unit/sqlite-file.test.ts'];
/**
 * Tests whose subject is not the store (the bridge's parsing and audiences, the
 * shells, configuration, rules): they run once, on the embedded store. The
 * fuzzer's 10,000 refused payloads per channel never reach a repository.
 */
const ENGINE_NEUTRAL_TESTS = [
  'test/unit/ipc-fuzz.test.ts',
  // The relay's chaos is the subject; the outbox's claims on PostgreSQL meet a chaotic relay in postgres-shop.test.ts.
  'test/unit/mail-chaos.test.ts',
  'test/unit/relay-failures.test.ts',
  'test/unit/dispatcher.test.ts',
  'test/unit/config.test.ts',
  'test/unit/electron-shell.test.ts',
  'test/unit/electron-hardening.test.ts',
  'test/unit/electron-slip-printer.test.ts',
  'test/unit/kiosk-pc.test.ts',
  'test/unit/launcher.test.ts',
  'test/unit/lifelines.test.ts',
  'test/unit/resource-stack.test.ts',
  'test/unit/password-hash.test.ts',
  'test/unit/password-rules.test.ts',
  'test/unit/character-rules.test.ts',
  'test/unit/itscom-id-rules.test.ts',
  'test/unit/browser-api-script.test.ts',
  'test/unit/hang-watchdog.test.ts',
  'test/unit/systemd-notify.test.ts',
  'test/unit/operations-docs.test.ts',
  'test/unit/plan-duration.test.ts',
  'test/unit/single-entry-history.test.ts',
  'test/unit/slip.test.ts',
  'test/unit/cups.test.ts',
  'test/unit/print-service.test.ts',
  'test/unit/logger.test.ts',
  'test/unit/code-send-failure.test.ts',
  'test/unit/day-report.test.ts',
  // Speech and furigana: the analyser, the queue, the engines' processes; no store.
  'test/unit/japanese-reading.test.ts',
  'test/unit/speech-queue.test.ts',
  'test/unit/speech-engines.test.ts',
  // The directory is the subject; the kiosk's own store is not touched.
  'test/unit/ldap-directory.test.ts',
  // Each test starts a directory of its own; the customers' rows in the kiosk's store are the store tests' subject.
  'test/unit/directory-accounts.test.ts',
];
/** Tests of PostgreSQL itself (connections dropped, migrations racing): they need the server. */
const POSTGRES_SERVER_TESTS = ['test/unit/store-schema.test.ts', 'test/unit/directory-kill.test.ts', 'test/unit/audit-grants.test.ts', 'test/unit/postgres-store.test.ts', 'test/unit/postgres-shop.test.ts', 'test/unit/database-tls.test.ts', 'test/unit/shop-seams.test.ts'];

const shared = {
  environment: 'node',
  // New password hashes at a cheaper cost (stored hashes keep theirs): password-hash.test.ts checks the kiosk's own.
  setupFiles: ['test/support/test-kdf.ts'],
  // scrypt at ASVS strength takes ~0.3 s a hash on two cores.
  testTimeout: 30_000,
};

/**
 * The unit suite runs twice (but ENGINE_NEUTRAL_TESTS): on the embedded SQLite file and on a real
 * PostgreSQL server (a fresh database per test data dir). Both projects run;
 * neither is skipped when its engine is missing: the PostgreSQL project fails
 * its set-up instead.
 */
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    // Both projects' files share the two cores, three at a time: while one waits on PostgreSQL, a child
    // process or the mail chaos's silences, the others run (3 min 10 s instead of 4 min 10 s, 2026-12-05).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'sqlite',
          include: ['test/unit/**/*.test.ts'],
          exclude: POSTGRES_SERVER_TESTS,
          env: { TEST_STORE_ENGINE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          ...shared,
          name: 'postgres',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...SQLITE_FILE_TESTS, ...ENGINE_NEUTRAL_TESTS],
          env: { TEST_STORE_ENGINE: 'postgres', TEST_PG_RUN: process.env.TEST_PG_RUN },
          globalSetup: ['test/support/postgres-setup.ts'],
        },
      },
    ],
  },
});
