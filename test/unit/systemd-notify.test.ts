import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemdNotifier, watchdogMs } from '../../electron/core/lifecycle/systemd-notify';
import { openNotifySocket, type NotifySocket } from '../support/notify-socket';
import { makeTempDir } from '../support/temp-dir';

/**
 * systemd's notify protocol as the kiosk speaks it, to a socket the test owns
 * in systemd's place: READY=1, WATCHDOG=1 only while the kiosk answers,
 * STOPPING=1. (The kiosk process itself does the same end to end: shell.spec.ts.)
 */
const quietLog = { info: () => undefined, warn: () => undefined };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function socketInTemp(): NotifySocket {
  const temp = makeTempDir();
  const socket = openNotifySocket(temp.dir);
  cleanups.push(() => socket.close(), () => temp.cleanup());
  return socket;
}

describe('the systemd notifier', () => {
  it('says READY=1 with a status, STOPPING=1 at the stop', async () => {
    const socket = socketInTemp();
    const notifier = await systemdNotifier({ NOTIFY_SOCKET: socket.path }, quietLog);
    cleanups.push(() => notifier?.close());
    notifier!.ready('serving on chromium shell');
    expect(await socket.next((m) => m.startsWith('READY=1'))).toBe('READY=1\nSTATUS=serving on chromium shell');
    notifier!.stopping();
    expect(await socket.next((m) => m.startsWith('STOPPING=1'))).toBe('STOPPING=1\nSTATUS=stopping');
  });

  it('feeds the watchdog every half WATCHDOG_USEC while the kiosk answers, and stops feeding while it does not', async () => {
    const socket = socketInTemp();
    const notifier = await systemdNotifier({ NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '100000' }, quietLog);
    cleanups.push(() => notifier?.close());
    let answering = true;
    let asked = 0;
    const askedAgain = new Set<() => void>();
    const stop = notifier!.watch(async () => {
      asked++;
      for (const resolve of askedAgain) resolve();
      return answering;
    });
    cleanups.push(stop);
    const feeds = () => socket.messages.filter((m) => m === 'WATCHDOG=1').length;
    const rounds = async (n: number) => {
      const until = asked + n;
      while (asked < until) await new Promise<void>((resolve) => askedAgain.add(resolve));
    };
    await socket.next((m) => m === 'WATCHDOG=1');
    // The kiosk stops answering (a hung page, a store that never settles); the round under way may still feed.
    answering = false;
    await rounds(2);
    const fedBefore = feeds();
    await rounds(3);
    expect(feeds()).toBe(fedBefore);
    answering = true;
    await vi.waitFor(() => expect(feeds()).toBeGreaterThan(fedBefore));
  });

  it('without NOTIFY_SOCKET (started by hand) there is nobody to tell; an abstract socket is named in the log', async () => {
    expect(await systemdNotifier({}, quietLog)).toBeUndefined();
    const warnings: string[] = [];
    expect(await systemdNotifier({ NOTIFY_SOCKET: '@/org/freedesktop/systemd1/notify' }, { info: () => undefined, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('abstract socket')]);
    expect(watchdogMs({ WATCHDOG_USEC: '30000000' })).toBe(30_000);
    expect(watchdogMs({})).toBeUndefined();
  });
});
