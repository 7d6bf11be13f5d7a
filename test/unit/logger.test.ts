import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/core/logger';
import { makeTempDir } from '../support/temp-dir';

const temp = makeTempDir();
afterEach(() => temp.cleanup());
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

describe('log file', () => {
  it('turns over by size and keeps a bounded number of old files', async () => {
    const log = createLogger(temp.dir, quiet, { size: '1K', files: 3 });
    // Lines come one at a time, as at a counter (the file turns over between writes, not inside one burst).
    for (let i = 0; i < 200; i += 1) {
      log.info('a line of about a hundred bytes, written again and again', { i });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const dir = join(temp.dir, 'logs');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2', 'kiosk.log.3']);
    for (const file of files) expect(statSync(join(dir, file)).size).toBeLessThan(2048);
    // The newest line is in kiosk.log, and every file holds whole JSON lines.
    expect(readFileSync(join(dir, 'kiosk.log'), 'utf8')).toContain('"i":199');
    for (const file of files) {
      for (const line of readFileSync(join(dir, file), 'utf8').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
