import type { Logger } from './logger';

const describe = (reason: unknown) => (reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)).slice(0, 300);

/**
 * A kiosk serves customers for months: a promise nobody awaited, or a throw in
 * a timer, is logged for IT and the kiosk goes on serving, instead of Node
 * ending the process under a customer (its default for both).
 */
export function guardProcess(target: Pick<NodeJS.Process, 'on'>, log: Pick<Logger, 'error'>): void {
  target.on('unhandledRejection', (reason: unknown) => log.error('unhandled rejection: the kiosk keeps serving', { error: describe(reason) }));
  target.on('uncaughtException', (error: Error) => log.error('uncaught exception: the kiosk keeps serving', { error: describe(error) }));
}
