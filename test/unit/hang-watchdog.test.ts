import { describe, expect, it, vi } from 'vitest';
import { watchForHang } from '../../electron/core/lifecycle/hang-watchdog';

describe('hang watchdog', () => {
  it('reports a page that stops answering, once', async () => {
    let answering = true;
    const onHung = vi.fn();
    const ping = () => (answering ? Promise.resolve(true) : new Promise(() => undefined));
    watchForHang(ping, onHung, { intervalMs: 5, timeoutMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(onHung).not.toHaveBeenCalled();
    answering = false;
    await vi.waitFor(() => expect(onHung).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(onHung).toHaveBeenCalledTimes(1);
  });

  it('takes a failing ping (page closing or crashed) for an answer: those have their own events', async () => {
    const onHung = vi.fn();
    const pings = vi.fn(() => Promise.reject(new Error('Target closed')));
    const stop = watchForHang(pings, onHung, { intervalMs: 5, timeoutMs: 20 });
    await vi.waitFor(() => expect(pings.mock.calls.length).toBeGreaterThan(3));
    stop();
    expect(onHung).not.toHaveBeenCalled();
  });

  it('says nothing once stopped', async () => {
    const onHung = vi.fn();
    const stop = watchForHang(() => new Promise(() => undefined), onHung, { intervalMs: 5, timeoutMs: 20 });
    stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onHung).not.toHaveBeenCalled();
  });
});
