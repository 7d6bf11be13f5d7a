import type { KioskConfig } from '../../shared/config/kiosk-config';
import { startCore, type KioskCore } from '../../electron/core/kiosk-core';
import { makeTempDir } from './temp-dir';

/** A core on a real SQLite file in a temp dir, with a clock the test moves. */
export interface TestCore {
  core: KioskCore;
  dataDir: string;
  clock: { now: number; advance(ms: number): void };
  stop(): Promise<void>;
}

export async function startTestCore(overrides: Partial<KioskConfig> = {}): Promise<TestCore> {
  const temp = makeTempDir();
  const clock = {
    now: Date.UTC(2026, 10, 25, 1, 0, 0),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const config: KioskConfig = {
    dataDir: temp.dir,
    mailFrom: 'mypage@itscom.jp',
    demo: true,
    idleSeconds: 120,
    codeTtlSeconds: 1800,
    ...overrides,
  };
  const core = await startCore({ config, now: () => clock.now });
  return {
    core,
    dataDir: temp.dir,
    clock,
    stop: async () => {
      await core.close();
      temp.cleanup();
    },
  };
}
