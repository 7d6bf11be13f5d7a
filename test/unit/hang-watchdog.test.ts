import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchForHang } from '../../electron/core/lifecycle/hang-watchdog';

/** The watchdog's own timers, moved by the test: each wait is exact, none is slept. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('hang watchdog', () => {
  it('reports a page that stops answering, once', async () => {
    let answering = true;
    const onHung = vi.fn();
    const ping = () => (answering ? Promise.resolve(true) : new Promise(() => undefined));
    watchForHang(ping, onHung, { intervalMs: 5, timeoutMs: 20 });
    // Many rounds of answered pings: no report.
    await vi.advanceTimersByTimeAsync(200);
    expect(onHung).not.toHaveBeenCalled();
    answering = false;
    // The unanswered ping: reported when its timeout is over, not before.
    await vi.advanceTimersByTimeAsync(5);
    await vi.advanceTimersByTimeAsync(19);
    expect(onHung).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onHung).toHaveBeenCalledTimes(1);
    // And never again.
    await vi.advanceTimersByTimeAsync(500);
    expect(onHung).toHaveBeenCalledTimes(1);
  });

  it('takes a failing ping (page closing or crashed) for an answer: those have their own events', async () => {
    const onHung = vi.fn();
    const pings = vi.fn(() => Promise.reject(new Error('Target closed')));
    const stop = watchForHang(pings, onHung, { intervalMs: 5, timeoutMs: 20 });
    await vi.advanceTimersByTimeAsync(100);
    expect(pings.mock.calls.length).toBeGreaterThan(3);
    stop();
    expect(onHung).not.toHaveBeenCalled();
  });

  it('says nothing once stopped', async () => {
    const onHung = vi.fn();
    const stop = watchForHang(() => new Promise(() => undefined), onHung, { intervalMs: 5, timeoutMs: 20 });
    stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(onHung).not.toHaveBeenCalled();
  });

  it('a round this process was held through (its timeout fired late) blames nobody; the next round decides', async () => {
    let answering = true;
    const onHung = vi.fn();
    watchForHang(() => (answering ? Promise.resolve(true) : new Promise(() => undefined)), onHung, { intervalMs: 5, timeoutMs: 20 });
    await vi.advanceTimersByTimeAsync(5);
    answering = false;
    // The next ping goes out; then the process is held for 3 s (a synchronous wait on the store) before its timer can fire.
    await vi.advanceTimersByTimeAsync(5);
    vi.setSystemTime(Date.now() + 3_000);
    await vi.advanceTimersByTimeAsync(20);
    expect(onHung).not.toHaveBeenCalled();
    // A round on time with no answer: hung.
    await vi.advanceTimersByTimeAsync(5 + 20);
    expect(onHung).toHaveBeenCalledTimes(1);
  });
});
