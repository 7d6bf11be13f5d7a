import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/core/store/store';
import { makeTempDir } from '../support/temp-dir';
import { openTestStore } from '../support/test-store';

const LIMITS = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, leaseMs: 30_000 };
const temp = makeTempDir();
const open: Store[] = [];
const connect = async () => {
  const store = await openTestStore(temp.dir);
  open.push(store);
  return store.attempts;
};
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

describe('attempt counters in the store', () => {
  it('count an attempt before it is checked, and let only one be in flight across connections (processes)', async () => {
    const a = await connect();
    const b = await connect();
    expect(await a.reserve('signin:x', 0, LIMITS)).toEqual({ outcome: 'reserved', failures: 1 });
    expect(await b.reserve('signin:x', 1, LIMITS)).toEqual({ outcome: 'busy' });
    // A holder that died mid-check frees the subject when its lease ends; its attempt stays counted.
    expect(await b.reserve('signin:x', LIMITS.leaseMs + 1, LIMITS)).toEqual({ outcome: 'reserved', failures: 2 });
  });

  it('lock at the limit, and let failures expire after the window', async () => {
    const repo = await connect();
    for (let i = 0; i < 4; i += 1) {
      await repo.reserve('signin:y', i, LIMITS);
      expect((await repo.failed('signin:y', i, LIMITS)).lockedUntil).toBeNull();
    }
    // 4 failures, then a quiet quarter of an hour: they are gone, and 4 more do not lock.
    const later = LIMITS.windowMs + 10;
    for (let i = 0; i < 4; i += 1) {
      expect(await repo.reserve('signin:y', later + i, LIMITS)).toMatchObject({ outcome: 'reserved', failures: i + 1 });
      expect((await repo.failed('signin:y', later + i, LIMITS)).lockedUntil).toBeNull();
    }
    await repo.reserve('signin:y', later + 5, LIMITS);
    expect((await repo.failed('signin:y', later + 5, LIMITS)).lockedUntil).toBe(later + 5 + LIMITS.lockMs);
    expect(await repo.reserve('signin:y', later + 6, LIMITS)).toEqual({ outcome: 'locked', until: later + 5 + LIMITS.lockMs });
    expect(await repo.unlock('signin:y', later + 6)).toBe(true);
    expect(await repo.reserve('signin:y', later + 7, LIMITS)).toMatchObject({ outcome: 'reserved', failures: 1 });
  });

  it('a right attempt clears the count, unless a lock came meanwhile', async () => {
    const repo = await connect();
    await repo.reserve('staff-pin', 0, LIMITS);
    expect(await repo.succeeded('staff-pin', 1)).toBe('ok');
    expect(await repo.reserve('staff-pin', 2, LIMITS)).toMatchObject({ failures: 1 });
  });
});
