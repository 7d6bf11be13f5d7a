import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../electron/core/auth/password-hash';
import { startCore } from '../../electron/core/kiosk-core';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { HANAKO, TARO } from '../support/sign-in';
import { testConfig } from '../support/test-core';
import { makeTempDir } from '../support/temp-dir';
import { inStore, testEngine } from '../support/test-store';
import { seededRandom, seedFrom } from '../support/seeded-random';

/**
 * The core killed with SIGKILL at random moments around ID and password
 * commits, 30 times on each engine's store (60 in all): after each kill the
 * SQLite file passes `PRAGMA integrity_check`, the customer is wholly old or wholly new, and the
 * audit (procedures) and outbox rows match what committed.
 */
const KILLS = 30;
/**
 * Kills land anywhere in 1.5 times what an unkilled run of the same kind took
 * from its mark to the commit's answer (measured in the first round of each
 * kind, which is not killed): for an ID change from the sign-in, spanning the code mail, the
 * code check and the commit (its transaction takes about a millisecond, too
 * short to aim at); for a password change from the commit's start, spanning
 * the hashing and the write. So about a third of the kills come after the
 * commit, on any machine and at any KDF cost.
 */
const KILL_SPREAD = 1.5;
const CHILD = join(import.meta.dirname, '../support/crash-child.ts');
/** When each kill lands: `CRASH_SEED=n` replays a run's kills. */
const seed = seedFrom('CRASH_SEED');

interface Outcome {
  lines: string[];
  killed: boolean;
  /** From the `from` line to `commit-done` (or the child's end) (ms). */
  sinceFromMs: number;
}

/** Runs the child and kills it `delayMs` after it prints `from` (or lets it finish if it ends first; never, without a delay). */
function runAndKill(args: string[], from: string, delayMs: number | undefined): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // node itself (with tsx's loader), not the tsx CLI: SIGKILL must hit the process that writes.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let fromAt = performance.now();
    let doneAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line === 'commit-done') doneAt = performance.now();
      if (line !== from) return;
      fromAt = performance.now();
      if (delayMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`crash child failed (${code}): ${stderr}`));
      else resolve({ lines, killed: signal === 'SIGKILL', sinceFromMs: (doneAt ?? performance.now()) - fromAt });
    });
  });
}


describe(`SIGKILL during commits (CRASH_SEED=${seed})`, () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it(`${KILLS} kills leave a sound store and every customer wholly old or wholly new`, async () => {
    // Seed the demo customers once, as a first start would.
    await (await startCore({ config: testConfig(temp.dir) })).close();
    const taro: { itscomId: string; password: string } = { ...TARO };
    const hanako: { itscomId: string; password: string } = { ...HANAKO };
    const committed = { id_change: 0, password_change: 0 };
    let landedMidway = 0;
    let killedMidway = 0;
    // Each kind's spread, from its first (unkilled) round.
    const spreadMs = { id: 0, password: 0 };
    const random = seededRandom(seed);

    for (let round = 0; round < KILLS; round += 1) {
      const idChange = round % 2 === 0;
      const who = idChange ? taro : hanako;
      const next = idChange ? `taro.${round}@example.com` : `Crash_${round}_pw`;
      // Each round two hours later: the hourly limit on code mails never bites.
      const skew = String(round * 2 * 60 * 60_000);
      const kind = idChange ? 'id' : 'password';
      const delay = round < 2 ? undefined : random() * spreadMs[kind];
      const args = [temp.dir, kind, JSON.stringify(who), next, skew];
      const { lines, sinceFromMs } = await runAndKill(args, idChange ? 'signed-in' : 'commit-start', delay);
      if (round < 2) spreadMs[kind] = KILL_SPREAD * sinceFromMs;
      expect(lines, `round ${round}`).toContain('signed-in');

      if (testEngine === 'sqlite') {
        const file = new Database(join(temp.dir, DATABASE_FILE));
        try {
          expect(file.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
        } finally {
          file.close();
        }
      }
      await inStore(temp.dir, async (db) => {
        const customer = await db
          .selectFrom('customers')
          .select(['id', 'itscom_id', 'password_hash', 'contact_mail'])
          .where('itscom_id', 'in', [who.itscomId, idChange ? next : who.itscomId])
          .execute();
        expect(customer, `round ${round}: the customer is there, once`).toHaveLength(1);
        const row = customer[0]!;
        let isNew: boolean;
        if (idChange) {
          isNew = row.itscom_id === next;
          // Wholly: the contact mail moved with the ID (setAsContact), or neither did.
          expect(row.contact_mail === next, `round ${round}: contact follows the ID`).toBe(isNew);
        } else {
          isNew = await verifyPassword(next, row.password_hash);
          if (!isNew) expect(await verifyPassword(who.password, row.password_hash), `round ${round}: old password still opens`).toBe(true);
        }
        if (isNew) {
          committed[idChange ? 'id_change' : 'password_change'] += 1;
          if (!lines.includes('commit-done')) landedMidway += 1;
          if (idChange) taro.itscomId = next;
          else hanako.password = next;
        } else {
          expect(lines, `round ${round}: said done but the store is old`).not.toContain('commit-done');
          if (lines.includes('commit-start')) killedMidway += 1;
        }

        // Audit rows match the commits, and each has its confirmation mail in the outbox.
        const procedures = await db
          .selectFrom('procedures')
          .select((eb) => ['kind', eb.fn.countAll().as('n')])
          .where('outcome', '=', 'completed')
          .groupBy('kind')
          .execute();
        expect(Object.fromEntries(procedures.map((p) => [p.kind, Number(p.n)])), `round ${round}`).toEqual(
          Object.fromEntries(Object.entries(committed).filter(([, n]) => n > 0)),
        );
        const unmatched = await db
          .selectFrom('procedures as p')
          .select('p.id')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('outbox as o')
                  .select('o.id')
                  .whereRef('o.procedure_id', '=', 'p.id')
                  .where('o.kind', 'in', ['id_change_confirmation', 'password_change_confirmation']),
              ),
            ),
          )
          .execute();
        expect(unmatched, `round ${round}: a procedure without its confirmation mail`).toEqual([]);
        const orphans = await db.selectFrom('outbox').select('id').where('kind', '<>', 'verification_code').where('procedure_id', 'is', null).execute();
        expect(orphans, `round ${round}: a confirmation mail without its procedure`).toEqual([]);
      });
    }
    // Each kind committed (its first round always does) and was killed before committing at other times.
    expect(committed.id_change).toBeGreaterThan(0);
    expect(committed.password_change).toBeGreaterThan(0);
    expect(committed.id_change + committed.password_change).toBeLessThan(KILLS);
    console.log(`[crash] ${KILLS} kills: ${committed.id_change} ID and ${committed.password_change} password changes landed (${landedMidway} of them killed before the answer came back); ${killedMidway} killed between commit start and the write`);
  }, 600_000);
});
