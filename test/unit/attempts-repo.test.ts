import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { createAttemptsRepo } from '../../electron/core/store/attempts-repo';
import { makeTempDir } from '../support/temp-dir';

const LIMITS = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, leaseMs: 30_000 };
const temp = makeTempDir();
const open: Db[] = [];
const connect = () => {
  const db = openDatabase(temp.dir);
  open.push(db);
  return createAttemptsRepo(db);
};
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('attempt counters in the store', () => {
  it('count an attempt before it is checked, and let only one be in flight across connections (processes)', () => {
    const a = connect();
    const b = connect();
    expect(a.reserve('signin:x', 0, LIMITS)).toEqual({ outcome: 'reserved', failures: 1 });
    expect(b.reserve('signin:x', 1, LIMITS)).toEqual({ outcome: 'busy' });
    // A holder that died mid-check frees the subject when its lease ends; its attempt stays counted.
    expect(b.reserve('signin:x', LIMITS.leaseMs + 1, LIMITS)).toEqual({ outcome: 'reserved', failures: 2 });
  });

  it('lock at the limit, and let failures expire after the window', () => {
    const repo = connect();
    for (let i = 0; i < 4; i += 1) {
      repo.reserve('signin:y', i, LIMITS);
      expect(repo.failed('signin:y', i, LIMITS).lockedUntil).toBeNull();
    }
    // 4 failures, then a quiet quarter of an hour: they are gone, and 4 more do not lock.
    const later = LIMITS.windowMs + 10;
    for (let i = 0; i < 4; i += 1) {
      expect(repo.reserve('signin:y', later + i, LIMITS)).toMatchObject({ outcome: 'reserved', failures: i + 1 });
      expect(repo.failed('signin:y', later + i, LIMITS).lockedUntil).toBeNull();
    }
    repo.reserve('signin:y', later + 5, LIMITS);
    expect(repo.failed('signin:y', later + 5, LIMITS).lockedUntil).toBe(later + 5 + LIMITS.lockMs);
    expect(repo.reserve('signin:y', later + 6, LIMITS)).toEqual({ outcome: 'locked', until: later + 5 + LIMITS.lockMs });
    expect(repo.unlock('signin:y', later + 6)).toBe(true);
    expect(repo.reserve('signin:y', later + 7, LIMITS)).toMatchObject({ outcome: 'reserved', failures: 1 });
  });

  it('a right attempt clears the count, unless a lock came meanwhile', () => {
    const repo = connect();
    repo.reserve('staff-pin', 0, LIMITS);
    expect(repo.succeeded('staff-pin', 1)).toBe('ok');
    expect(repo.reserve('staff-pin', 2, LIMITS)).toMatchObject({ failures: 1 });
  });
});
