import type { CalendarDay } from '../../../shared/contract/models';
import { formatDay } from '../../../shared/domain/calendar-day';
import { escapeHtml } from '../html';

export type SlipKind = 'id_change' | 'password';
export type PaperSize = 'a4' | 'roll80';

/**
 * What a completion slip carries: the manual's wording (docs/product.md, "6. 印刷用画面"), the new
 * ID or the new password, the date, and the shop and kiosk time. Nothing else.
 */
export interface SlipModel {
  title: 'iTSCOM My PAGE';
  heading: string;
  lead: string;
  rows: { label: string; value: string }[];
  shopName: string;
  printedAt: string;
}

export type SlipContent =
  | { kind: 'id_change'; newItscomId: string; changedOn: CalendarDay }
  | { kind: 'password'; newPassword: string; changedOn: CalendarDay }
  /** Staff issued a temporary password: the only place it is ever shown. */
  | { kind: 'temporary_password'; itscomId: string; temporaryPassword: string; expiresAt: number }
  /** Staff's ID look-up: the ID alone. */
  | { kind: 'itscom_id'; itscomId: string }
  /** Staff's printer test page: no customer data at all. */
  | { kind: 'test'; printer: string; paper: PaperSize };

function kioskTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}/${pad(at.getMonth() + 1)}/${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function slipModel(content: SlipContent, shopName: string, printedAt: Date): SlipModel {
  const common = {
    title: 'iTSCOM My PAGE' as const,
    lead: 'あなたの登録情報です。大切に保管してください。',
    shopName,
    printedAt: kioskTime(printedAt),
  };
  if (content.kind === 'test') {
    return {
      ...common,
      heading: 'テスト印刷',
      lead: 'プリンターは正常に動作しています。',
      rows: [
        { label: 'プリンター', value: content.printer },
        { label: '用紙', value: content.paper === 'a4' ? 'A4' : '80 mm ロール紙' },
      ],
    };
  }
  if (content.kind === 'temporary_password') {
    return {
      ...common,
      heading: '仮パスワードのお知らせ',
      lead: 'ログイン後、新しいパスワードを設定してください。有効期限を過ぎると使えません。',
      rows: [
        { label: 'iTSCOM ID', value: content.itscomId },
        { label: '仮パスワード', value: content.temporaryPassword },
        { label: '有効期限', value: kioskTime(new Date(content.expiresAt)) },
      ],
    };
  }
  if (content.kind === 'itscom_id') {
    return { ...common, heading: 'iTSCOM IDのお知らせ', rows: [{ label: 'iTSCOM ID', value: content.itscomId }] };
  }
  return content.kind === 'password'
    ? {
        ...common,
        heading: 'iTSCOM IDのパスワード',
        rows: [
          { label: '新パスワード', value: content.newPassword },
          { label: '変更日', value: formatDay(content.changedOn) },
        ],
      }
    : {
        ...common,
        heading: 'iTSCOM ID',
        rows: [
          { label: '新しいiTSCOM ID', value: content.newItscomId },
          { label: '変更日', value: formatDay(content.changedOn) },
        ],
      };
}

const PAGE: Record<PaperSize, { size: string; margin: string; base: string; width: string; rows: string }> = {
  // A4: the slip sits at the top of the sheet, in a framed box, labels beside values.
  a4: { size: 'A4', margin: '18mm', base: '12pt', width: '150mm', rows: 'table-cell' },
  // 80 mm roll: 72 mm printable, cut at 110 mm; labels above values, which get the full width.
  roll80: { size: '80mm 110mm', margin: '4mm', base: '9pt', width: '72mm', rows: 'block' },
};

/** The CUPS media name of each paper, for `lp -o media=…`. */
export const CUPS_MEDIA: Record<PaperSize, string> = {
  a4: 'A4',
  roll80: 'Custom.80x110mm',
};

/** The slip as a self-contained page: no scripts, no external resources, system Noto CJK fonts. */
export function slipHtml(slip: SlipModel, paper: PaperSize): string {
  const page = PAGE[paper];
  const rows = slip.rows
    .map((row) => `<tr><th>${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(slip.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
@page { size: ${page.size}; margin: ${page.margin}; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif; font-size: ${page.base}; color: #000; }
.slip { width: ${page.width}; border: 1.5pt solid #000; padding: 1.2em; }
.title { font-size: 1.3em; font-weight: 700; margin: 0 0 0.8em; }
h1 { font-size: 1.4em; margin: 0 0 0.3em; }
.lead { margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { display: ${page.rows}; text-align: left; padding: 0.35em 0; vertical-align: top; }
th { white-space: nowrap; padding-right: 1em; font-weight: 700; }
td { font-family: 'Noto Sans Mono CJK JP', 'Noto Sans CJK JP', monospace; font-size: 1.2em; word-break: break-all; }
.foot { margin-top: 1.2em; font-size: 0.85em; display: flex; justify-content: space-between; gap: 1em; }
</style></head>
<body><div class="slip">
<p class="title">${escapeHtml(slip.title)}</p>
<h1>${escapeHtml(slip.heading)}</h1>
<p class="lead">${escapeHtml(slip.lead)}</p>
<table>${rows}</table>
<p class="foot"><span>${escapeHtml(slip.shopName)}</span><span>${escapeHtml(slip.printedAt)}</span></p>
</div></body></html>`;
}
