import { procedureKinds, type ProcedureKind } from '../../../shared/contract/models';
import { escapeHtml } from '../html';
import type { FunnelView, LeaveReason } from '../../../shared/domain/funnel';

/** The wizards' steps as the report names them (the step headings of docs/product.md). */
export const STEP_NAMES: Record<string, string> = {
  reauth: 'パスワードの再入力',
  entry: '入力',
  code: '認証コード',
  confirm: '確認',
  id: 'iTSCOM IDの入力',
  password: '新しいパスワード',
  done: '完了',
};
export const LEAVE_NAMES: Record<LeaveReason, string> = { idle: '無操作', back: '戻る', 'sign-out': 'ログアウト', window: '画面の再読み込み・終了' };

/** What the day's report is made of, read from the shop's store (staff-repo, audit-repo, kiosks-repo). */
export interface DayReportInput {
  shopName: string;
  /** The day, as the kiosk's clock names it (YYYY-MM-DD), and when the report was printed. */
  day: string;
  printedAt: string;
  procedures: { kind: ProcedureKind; outcome: string; kiosk: string | null }[];
  staffActions: { staffNumber: string | null; action: string }[];
  staffNames: ReadonlyMap<string, string>;
  calls: { at: number; resolvedAt: number | null; kiosk: string | null }[];
  failedMail: { at: number; kind: string; to: string; kiosk: string | null }[];
  printers: { kiosk: string; state: string; reasons: string[] }[];
  /** Where the day's customer procedures went (counts only). */
  funnel: FunnelView[];
  /** The audit chain's head when printed: an anchor on paper, out of reach of whoever holds the store (audit-anchors.ts). */
  auditHead: { count: number; hash: string } | null;
}

const KIND_NAMES: Record<ProcedureKind, string> = {
  id_change: 'iTSCOM ID変更',
  password_change: 'パスワード変更',
  password_reset: 'パスワード再設定',
  temporary_password: '仮パスワード発行',
  id_lookup: 'iTSCOM ID確認',
};
const OUTCOME_NAMES: Record<string, string> = { completed: '完了', issued_by_staff: '発行', found: '該当あり', not_found: '該当なし' };
const ACTION_NAMES: Record<string, string> = {
  staff_mode_opened: 'スタッフモード開始',
  staff_mode_closed: 'スタッフモード終了',
  staff_entry_failed: '入室の失敗',
  staff_number_deactivated: 'スタッフ番号の無効化',
  staff_number_locked: 'スタッフ番号の一時ロック(PIN誤り)',
  pin_set: 'PINの設定',
  unlock_id: 'ロック解除',
  temporary_password: '仮パスワード発行',
  id_lookup: 'iTSCOM IDの確認',
  mail_retry: 'メールの再送',
  settings_changed: '設定の変更',
  staff_added: 'スタッフの追加',
  staff_deactivated: 'スタッフの無効化',
  staff_pin_reset: 'PINの再設定',
  kiosk_quit: 'キオスクの終了',
  day_report_printed: '日報の印刷',
};

/** A customer's ID or address as the report shows it: the first two and last two characters (`ya****ro`). */
export function maskId(value: string): string {
  const chars = [...value];
  return chars.length <= 4 ? '****' : `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`;
}

const count = <T,>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const table = (head: string[], rows: (string | number)[][]) =>
  rows.length === 0
    ? '<p class="none">なし</p>'
    : `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
const clock = (at: number) => {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/**
 * 「日報」: the shop's day on one A4 page (or more): per kiosk and in total the
 * procedures by kind and outcome, the staff's actions per member, the calls
 * for help and how long until staff answered, the mail that failed (its
 * address masked), the printers' trouble. No password, code or whole
 * customer ID: what the audit trail and the procedures hold, counted.
 */
export function dayReportHtml(input: DayReportInput): string {
  const kiosks = [...new Set(input.procedures.map((p) => p.kiosk ?? '—'))].sort();
  const kinds = procedureKinds.filter((kind) => input.procedures.some((p) => p.kind === kind));
  const procedureRows = kinds.flatMap((kind) => {
    const ofKind = input.procedures.filter((p) => p.kind === kind);
    return [...count(ofKind, (p) => p.outcome)].map(([outcome]) => {
      const matching = ofKind.filter((p) => p.outcome === outcome);
      const perKiosk = kiosks.map((k) => matching.filter((p) => (p.kiosk ?? '—') === k).length);
      return [KIND_NAMES[kind], OUTCOME_NAMES[outcome] ?? outcome, ...perKiosk, matching.length];
    });
  });
  const members = [...count(input.staffActions, (a) => a.staffNumber ?? '—')].map(([number]) => number).sort();
  const staffRows = members.flatMap((number) =>
    [...count(input.staffActions.filter((a) => (a.staffNumber ?? '—') === number), (a) => a.action)].map(([action, n]) => [
      number === '—' ? '—(IT・不明)' : `${number} ${input.staffNames.get(number) ?? ''}`.trim(),
      ACTION_NAMES[action] ?? action,
      n,
    ]),
  );
  const lockRows = [...count(input.staffActions.filter((a) => a.action === 'staff_number_locked'), (a) => a.staffNumber ?? '—')].map(([number, n]) => [
    `${number} ${input.staffNames.get(number) ?? ''}`.trim(),
    `${n}回`,
  ]);
  const answered = input.calls.filter((c) => c.resolvedAt !== null);
  const waits = answered.map((c) => (c.resolvedAt! - c.at) / 60_000);
  const callRows = input.calls.map((c) => [clock(c.at), c.kiosk ?? '—', c.resolvedAt === null ? '未対応' : `${Math.round((c.resolvedAt - c.at) / 60_000)}分`]);
  const mailRows = input.failedMail.map((m) => [clock(m.at), m.kiosk ?? '—', m.kind, maskId(m.to)]);
  const printerRows = input.printers.map((p) => [p.kiosk, p.state, p.reasons.join(', ') || '—']);
  const summary =
    input.calls.length === 0
      ? 'なし'
      : `${input.calls.length}件(対応済み ${answered.length}件、平均 ${Math.round(waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length))}分、最長 ${Math.round(Math.max(0, ...waits))}分)`;

  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>日報 ${escapeHtml(input.day)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
@page { size: A4; margin: 15mm; }
body { margin: 0; font-family: 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1pt solid #000; }
.meta { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #000; padding: 1mm 2mm; text-align: left; }
th { background: #eee; }
.none { margin: 0; }
.anchor { margin: 0; font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; word-break: break-all; }
</style></head>
<body>
<h1>日報 ${escapeHtml(input.day)}</h1>
<p class="meta">${escapeHtml(input.shopName)} ・ 印刷 ${escapeHtml(input.printedAt)}</p>
<h2>お手続き</h2>
${table(['種類', '結果', ...kiosks, '合計'], procedureRows)}
<h2>お手続きの進み具合(どこでやめたか)</h2>
${table(['種類', '段階', '到達', 'やめた件数(理由)'], funnelRows(input.funnel))}
<h2>スタッフの操作</h2>
${table(['スタッフ', '操作', '件数'], staffRows)}
<h2>PINの誤りが続いてロックされたスタッフ番号</h2>
${table(['スタッフ', 'ロック'], lockRows)}
<h2>お客さまからの呼び出し: ${escapeHtml(summary)}</h2>
${table(['時刻', '端末', '対応まで'], callRows)}
<h2>送信できなかったメール</h2>
${table(['時刻', '端末', '種類', '宛先'], mailRows)}
<h2>プリンター</h2>
${table(['端末', '状態', '理由'], printerRows)}
<h2>操作履歴の照合用(IT担当が audit verify --anchor で使います)</h2>
${input.auditHead ? `<p class="anchor">${input.auditHead.count}:${escapeHtml(input.auditHead.hash)}</p>` : '<p class="none">なし</p>'}
</body></html>`;
}

/** Per kind: started and completed, then each step with how many reached it and how many stopped there, and why. */
function funnelRows(funnel: readonly FunnelView[]): (string | number)[][] {
  return funnel.flatMap((kind) => [
    [KIND_NAMES[kind.kind], '開始', kind.started, '—'],
    ...kind.steps.map((step) => {
      const left = Object.entries(step.abandoned) as [LeaveReason, number][];
      const total = left.reduce((sum, [, n]) => sum + n, 0);
      return ['', STEP_NAMES[step.step] ?? step.step, step.reached, total === 0 ? '0' : `${total}(${left.map(([why, n]) => `${LEAVE_NAMES[why]} ${n}`).join('、')})`];
    }),
    ['', '完了', kind.completed, '—'],
  ]);
}
