// Part of `npm run bench` (run with tsx): a shop of 1, 2, 4 and 8 kiosks (one
// process each) on one PostgreSQL store of 1,000,000 customers, each doing
// sign-in lookups and ID/password commits at full speed (KDF and SMTP
// excluded); then eight kiosks' outbox workers deliver every confirmation of
// the run to one relay together. Reports throughput and p95 per shop size, and whether
// each mail arrived exactly once. Prints one JSON line.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../electron/core/store/store';
import { SmtpSink } from '../test/support/smtp-sink';
import { benchDatabase, fillCustomers, percentile, psql } from './bench-support';

const CUSTOMERS = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 8);
const SHOP_SIZES = (process.argv[4] ?? '1,2,4,8').split(',').map(Number);

const server = benchDatabase(`kiosk_bench_shop_${process.pid}`);
const dir = mkdtempSync(join(tmpdir(), 'bench-shop-'));
const sink = await new SmtpSink().start();
try {
  await (await openStore({ dataDir: dir, databaseUrl: server.url, kioskId: 'bench' })).close();
  await fillCustomers(dir, server.url, CUSTOMERS, Date.now());
  psql('VACUUM ANALYZE customers', server.url);

  /** `kiosks` kiosk processes at once, each for `seconds` (0: as outbox workers until the outbox is empty). */
  const shopOf = (kiosks: number, seconds: number) =>
    Promise.all(
      Array.from({ length: kiosks }, async (_, k) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-shop-kiosk.ts', server.url, `kiosk-${kiosks}-${k}`, sink.url, String(CUSTOMERS), String(seconds)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        const [code] = await once(child, 'exit');
        if (code !== 0) throw new Error(`bench kiosk exited ${code}`);
        return JSON.parse(out.trim().split('\n').at(-1)!) as { lookups: number[]; commits: number[]; enqueued: number };
      }),
    );
  const sizes = [];
  let enqueued = 0;
  for (const kiosks of SHOP_SIZES) {
    const runs = await shopOf(kiosks, SECONDS);
    const commits = runs.flatMap((run) => run.commits);
    const lookups = runs.flatMap((run) => run.lookups);
    enqueued += runs.reduce((sum, run) => sum + run.enqueued, 0);
    sizes.push({
      kiosks,
      commitsPerSecond: commits.length / SECONDS,
      commitP95: percentile(commits, 95),
      lookupP95: percentile(lookups, 95),
    });
  }
  // Then the whole run's mail goes out through eight workers at once, each mail (by Message-ID) once.
  await shopOf(SHOP_SIZES.at(-1)!, 0);
  const ids = sink.mails.map((mail) => mail.messageId);
  const one = sizes[0]!;
  const eight = sizes.at(-1)!;
  console.log(
    JSON.stringify({
      customers: CUSTOMERS,
      seconds: SECONDS,
      sizes,
      scaling: eight.commitsPerSecond / one.commitsPerSecond,
      mails: { enqueued, received: ids.length, distinct: new Set(ids).size },
    }),
  );
} finally {
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });
  server.drop();
}
