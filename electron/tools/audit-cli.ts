import { parseArgs } from 'node:util';
import { checkChain, type AuditRow } from '../core/audit/audit-chain';
import { auditCsv, japanTime } from '../core/audit/audit-export';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../shared/config/kiosk-config';
import { loadConfig } from '../core/config';
import { openKioskStore, runTool } from './tool-store';
import { readFileSync } from 'node:fs';
import { anchorsInLog, anchorsInLogFolder, checkAnchors, newestOf, parseAnchor, type AuditAnchor } from '../core/audit/audit-anchors';
import type { Store } from '../core/store/store';

const USAGE = `usage: npm run --silent audit -- verify [--anchor COUNT:HASH] [--front COUNT:HASH] [--log FILE]...
       npm run --silent audit -- export --from YYYY-MM-DD --to YYYY-MM-DD
       npm run --silent audit -- purge

Run with the kiosk's environment (KIOSK_DATA_DIR, KIOSK_DATABASE_URL, KIOSK_SHOP);
on a shop's database, only KIOSK_DATABASE_URL and KIOSK_SHOP are needed.
verify  checks the audit trail of the kiosk's shop: each row holds the hash of
        its content and of the row before it, and the chain reaches the
        newest anchor kept outside the store: --anchor (a head from the
        journal or a printed day's report), --front (the front a purge left),
        the anchors in --log files (the kiosk's JSON log lines, e.g.
        journalctl -u mypage-kiosk -o cat > anchors.log) and in the kiosk's
        own log folder. Exit 0 when it holds, 1 naming the first broken row,
        or which end was cut and how many rows are missing.
export  writes the trail of the days from --from to --to (both included, Japan
        time) as CSV, UTF-8 with a byte-order mark, to standard output.
purge   removes rows older than KIOSK_AUDIT_RETENTION_DAYS (default 400),
        oldest first, as the database's owner where the kiosk's role may not.`;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Midnight of a day in Japan, as epoch ms; undefined for anything but a real YYYY-MM-DD. */
function japanMidnight(day: string | undefined): number | undefined {
  const match = day === undefined ? null : DAY.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const at = Date.UTC(y, m - 1, d) - 9 * 60 * 60_000;
  return new Date(at + 9 * 60 * 60_000).getUTCDate() === d ? at : undefined;
}

/**
 * `npm run audit -- verify | export`: what IT and the provider's security
 * team run on a kiosk PC. Exit 0: done (the chain holds); 1: the chain is
 * broken, or the store could not be opened; 2: usage.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      anchor: { type: 'string' },
      front: { type: 'string' },
      log: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  const [command] = positionals;
  const from = japanMidnight(values.from);
  const toDay = japanMidnight(values.to);
  const anchorsUsable = [values.anchor, values.front].every((text) => text === undefined || parseAnchor(text) !== undefined);
  const usable = command === 'verify' ? positionals.length === 1 && anchorsUsable : command === 'purge' ? positionals.length === 1 : command === 'export' && positionals.length === 1 && from !== undefined && toDay !== undefined && from <= toDay;
  if (values.help || !usable) {
    console.error(USAGE);
    return 2;
  }
  const store = await openKioskStore();
  try {
    if (command === 'purge') {
      const days = loadConfig(process.env).auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
      const removed = await store.audit.purge(Date.now() - days * 24 * 60 * 60_000);
      const front = removed > 0 ? await store.audit.recordedFront() : undefined;
      // The new front is an anchor: IT keeps it with the shop's records (the kiosk's own purge logs it).
      console.log(`removed ${removed} audit row(s) older than ${days} days${front ? `; the trail now begins at row ${front.count}: --front ${front.count}:${front.hash}` : ''}`);
      return 0;
    }
    if (command === 'verify') {
      const check = await checkChain((afterId) => store.audit.inOrder({}, afterId, 500));
      if (!check.holds) {
        console.error(`the audit trail is broken at row ${check.brokenAt.id} (${japanTime(check.brokenAt.at)}): ${check.why}`);
        return 1;
      }
      const anchors = await anchorsFor(store, values);
      const cut = await checkAnchors(store.audit, anchors);
      if (!cut.holds) {
        console.error(`the audit trail was cut at its ${cut.end} end: ${cut.why}`);
        return 1;
      }
      const against = anchors.head ? `; it reaches the anchored row ${anchors.head.count}` : '; no anchor found (give --anchor or --log)';
      console.log(`the audit trail holds: ${check.rows} row(s)${check.lastAt === null ? '' : `, verified up to ${japanTime(check.lastAt)} (Japan time)`}${against}`);
      return 0;
    }
    const filter = { from: from!, to: toDay! + 24 * 60 * 60_000 };
    const rows: AuditRow[] = [];
    for (let batch = await store.audit.inOrder(filter, 0, 1000); batch.length > 0; batch = await store.audit.inOrder(filter, batch.at(-1)!.id, 1000)) rows.push(...batch);
    const names = new Map((await store.kiosks.inShop(rows[0]?.shop ?? '', 0)).map((kiosk) => [kiosk.id, kiosk.name]));
    process.stdout.write(auditCsv(rows, names));
    return 0;
  } finally {
    await store.close();
  }
}

/** The newest anchors at hand: given on the command line, in log files, in the kiosk's own logs, and the front the store recorded. */
async function anchorsFor(store: Store, values: { anchor?: string; front?: string; log?: string[] }): Promise<{ head?: AuditAnchor; front?: AuditAnchor }> {
  const config = loadConfig(process.env);
  const given = { head: values.anchor === undefined ? undefined : parseAnchor(values.anchor), front: values.front === undefined ? undefined : parseAnchor(values.front) };
  const logged = (values.log ?? []).map((file) => anchorsInLog(readFileSync(file, 'utf8'), config.shop));
  return newestOf([given, { front: await store.audit.recordedFront() }, anchorsInLogFolder(config.dataDir, config.shop), ...logged]);
}

runTool('audit', () => main(process.argv.slice(2)));
