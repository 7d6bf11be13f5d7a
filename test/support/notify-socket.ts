import { createSocket, type UnixDgramSocket } from 'unix-dgram';
import { join } from 'node:path';

/**
 * A socket the test owns in place of systemd's (NOTIFY_SOCKET): every
 * datagram the kiosk sends is kept, and a test can await the next one that
 * matches.
 */
export interface NotifySocket {
  readonly path: string;
  readonly messages: string[];
  /** Resolves with the first message (already received or to come) for which `match` holds. */
  next(match: (message: string) => boolean): Promise<string>;
  close(): void;
}

export function openNotifySocket(dir: string): NotifySocket {
  const path = join(dir, 'notify.sock');
  const messages: string[] = [];
  const waiting = new Set<{ match: (m: string) => boolean; resolve: (m: string) => void }>();
  const socket: UnixDgramSocket = createSocket('unix_dgram', (buffer) => {
    const message = buffer.toString();
    messages.push(message);
    for (const waiter of waiting) {
      if (waiter.match(message)) {
        waiting.delete(waiter);
        waiter.resolve(message);
      }
    }
  });
  socket.bind(path);
  return {
    path,
    messages,
    next: (match) => {
      const seen = messages.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.add({ match, resolve }));
    },
    close: () => socket.close(),
  };
}
