import type { Logger } from '../../electron/core/logger';

/** A logger that keeps lines in memory, so tests can assert what was (not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: object) =>
    void lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, info: push('info'), notice: push('notice'), warn: push('warn'), error: push('error'), close: async () => undefined };
}
