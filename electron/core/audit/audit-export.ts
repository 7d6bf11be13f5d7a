import { stringify } from 'csv-stringify/sync';
import type { AuditRow } from './audit-chain';

/** The export's columns, in Japanese as the shop's managers read them in Excel. */
const HEADER = ['日時', '店舗', '端末', 'スタッフ番号', '操作', '対象', '結果', '詳細', 'ハッシュ'];

/** A time as Japan reads it (the shops are in Japan, whatever the kiosk PC's zone): 2026-12-05 10:15:00. */
export function japanTime(at: number): string {
  return new Date(at + 9 * 60 * 60_000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * A cell Excel would run as a formula (OWASP, "CSV Injection": one that starts
 * with = + - @, a tab or a carriage return) gets a leading apostrophe, which
 * Excel shows as text. A customer's ID or a typed value lands in `subject`
 * and `detail`: `=HYPERLINK(…)` must stay words on the manager's screen.
 */
export function neutralised(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * Audit rows as CSV in UTF-8 with a byte-order mark, so Excel in Japanese
 * opens it as UTF-8. Rows hold no secret: the export is what the trail holds.
 */
export function auditCsv(rows: readonly AuditRow[], kioskNames: ReadonlyMap<string, string>): string {
  const records = rows.map((row) => [
    japanTime(row.at),
    row.shop,
    kioskNames.get(row.kioskId) ?? row.kioskId,
    row.staffNumber ?? '',
    row.action,
    row.subject ?? '',
    row.outcome,
    row.detail === '{}' ? '' : row.detail,
    row.hash,
  ]);
  return `\uFEFF${stringify([HEADER, ...records.map((record) => record.map(neutralised))], { record_delimiter: '\r\n' })}`;
}
