import type { KioskConfig } from '../../shared/config/kiosk-config';
import { startCore, type CoreOptions, type KioskCore } from '../../electron/core/kiosk-core';
import { makeTempDir } from './temp-dir';
import { engineDatabaseUrl } from './test-store';

/** A core on a real store (the SQLite file in a temp dir, or this run's PostgreSQL), with a clock the test moves. */
export interface TestCore {
  core: KioskCore;
  dataDir: string;
  clock: { now: number; advance(ms: number): void };
  /** The core stopped and started again on the same data dir and settings (a restart, an upgrade's first start): `core` is the new one. */
  restart(): Promise<KioskCore>;
  stop(): Promise<void>;
}

/** The embedded defaults, in `dataDir`, on the engine of this test project. */
export function testConfig(dataDir: string, overrides: Partial<KioskConfig> = {}): KioskConfig {
  const dir = overrides.dataDir ?? dataDir;
  return {
    dataDir: dir,
    mailFrom: 'mypage@itscom.jp',
    demo: true,
    paperSize: 'a4',
    shopName: 'テスト店',
    idleSeconds: 120,
    idleWarningSeconds: 30,
    codeTtlSeconds: 1800,
    // A test naming its own store (a shared shop database) gets no database of its own.
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : engineDatabaseUrl(dir),
    kioskName: 'テスト端末',
    shop: 'main',
    // Tests that speak inject their own engine (CoreOptions.speechEngine).
    speech: { engine: 'off' },
    ...overrides,
  };
}

export async function startTestCore(overrides: Partial<KioskConfig> = {}, options: Omit<CoreOptions, 'config' | 'now'> = {}): Promise<TestCore> {
  const temp = makeTempDir();
  const clock = {
    now: Date.UTC(2026, 10, 25, 1, 0, 0),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const start = () => startCore({ ...options, config: testConfig(temp.dir, overrides), now: () => clock.now });
  const started: TestCore = {
    core: await start(),
    dataDir: temp.dir,
    clock,
    async restart() {
      await started.core.close();
      started.core = await start();
      return started.core;
    },
    stop: async () => {
      await started.core.close();
      temp.cleanup();
    },
  };
  return started;
}
