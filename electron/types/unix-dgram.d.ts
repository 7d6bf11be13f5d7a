/** The parts of unix-dgram (AF_UNIX SOCK_DGRAM sockets, which node:dgram lacks) the kiosk uses: systemd's notify socket. */
declare module 'unix-dgram' {
  import type { EventEmitter } from 'node:events';

  export interface UnixDgramSocket extends EventEmitter {
    bind(path: string): void;
    send(buffer: Buffer, offset: number, length: number, path: string, callback?: (error?: Error) => void): void;
    close(): void;
    on(event: 'message', listener: (message: Buffer, info: { size: number; path?: string }) => void): this;
    on(event: 'error' | 'listening' | 'congestion', listener: (...args: unknown[]) => void): this;
  }

  export function createSocket(type: 'unix_dgram', listener?: (message: Buffer) => void): UnixDgramSocket;
}
