import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitFatally, FATAL_EXIT_DEADLINE_MS, watchLifelines } from '../../electron/core/lifecycle/lifelines';

/** What watchLifelines watches, as a test moves it: the parent's pid and the two output streams. */
function fakeProcess() {
  return { ppid: 100, stdout: new EventEmitter(), stderr: new EventEmitter() } as unknown as Pick<NodeJS.Process, 'ppid' | 'stdout' | 'stderr'> & {
    ppid: number;
  };
}
const error = (code: string) => Object.assign(new Error(code), { code });

afterEach(() => vi.useRealTimers());

describe('lifelines', () => {
  it('tells once when the parent is gone (the kiosk was reparented)', () => {
    vi.useFakeTimers();
    const target = fakeProcess();
    const lost = vi.fn();
    const stop = watchLifelines(lost, target, 1_000);
    vi.advanceTimersByTime(3_000);
    expect(lost).not.toHaveBeenCalled();
    target.ppid = 1;
    vi.advanceTimersByTime(1_000);
    vi.advanceTimersByTime(5_000);
    expect(lost).toHaveBeenCalledOnce();
    expect(lost.mock.calls[0]![0]).toMatch(/pid 100\) is gone/);
    stop();
  });

  it('tells when an output pipe is closed, and not for other stream errors', () => {
    const target = fakeProcess();
    const lost = vi.fn();
    watchLifelines(lost, target);
    target.stdout.emit('error', error('EAGAIN'));
    expect(lost).not.toHaveBeenCalled();
    target.stderr.emit('error', error('EPIPE'));
    expect(lost).toHaveBeenCalledWith('stderr is closed (EPIPE)');
  });

  it('exits with status 1 after an orderly stop, or at the deadline when the stop hangs', async () => {
    const exits: number[] = [];
    exitFatally(async () => undefined, (code) => exits.push(code));
    await vi.waitFor(() => expect(exits).toEqual([1]));

    vi.useFakeTimers();
    const hung: number[] = [];
    exitFatally(() => new Promise(() => undefined), (code) => hung.push(code));
    vi.advanceTimersByTime(FATAL_EXIT_DEADLINE_MS - 1);
    expect(hung).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(hung).toEqual([1]);
  });
});
