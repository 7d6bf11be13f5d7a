import { describe, expect, it } from 'vitest';
import { dayReportHtml, maskId } from '../../electron/core/report/day-report';
import { funnelView } from '../../electron/core/funnel/funnel-view';

/** 「日報」 as a manager prints it: counted per kiosk and in total, staff actions per member, calls and their wait, failed mail masked. */
describe('the day report', () => {
  const at = (hh: number, mm: number) => new Date(2026, 11, 5, hh, mm).getTime();
  const html = dayReportHtml({
    shopName: '二子玉川店',
    day: '2026-12-05',
    printedAt: '18:00',
    procedures: [
      { kind: 'password_change', outcome: 'completed', kiosk: 'A' },
      { kind: 'password_change', outcome: 'completed', kiosk: 'B' },
      { kind: 'password_change', outcome: 'completed', kiosk: 'B' },
      { kind: 'id_lookup', outcome: 'not_found', kiosk: 'A' },
    ],
    staffActions: [
      { staffNumber: '1001', action: 'staff_mode_opened' },
      { staffNumber: '1001', action: 'unlock_id' },
      { staffNumber: '2001', action: 'temporary_password' },
      { staffNumber: '2001', action: 'temporary_password' },
      { staffNumber: null, action: 'staff_added' },
      { staffNumber: '2001', action: 'staff_number_locked' },
      { staffNumber: '2001', action: 'staff_number_locked' },
    ],
    staffNames: new Map([
      ['1001', '山田'],
      ['2001', '佐藤'],
    ]),
    calls: [
      { at: at(10, 0), resolvedAt: at(10, 4), kiosk: 'A' },
      { at: at(11, 0), resolvedAt: at(11, 10), kiosk: 'B' },
      { at: at(17, 50), resolvedAt: null, kiosk: 'A' },
    ],
    failedMail: [{ at: at(12, 30), kind: 'password_change_confirmation', to: 'hanako.suzuki@example.com', kiosk: 'B' }],
    printers: [{ kiosk: 'A', state: 'stopped', reasons: ['media-empty-error'] }],
    auditHead: { count: 1234, hash: 'ab'.repeat(32) },
    funnel: funnelView([
      { kind: 'password_change', step: 'entry', event: 'started', reason: '', count: 5 },
      { kind: 'password_change', step: 'entry', event: 'reached', reason: '', count: 5 },
      { kind: 'password_change', step: 'confirm', event: 'reached', reason: '', count: 3 },
      { kind: 'password_change', step: 'done', event: 'reached', reason: '', count: 2 },
      { kind: 'password_change', step: 'done', event: 'completed', reason: '', count: 2 },
      { kind: 'password_change', step: 'entry', event: 'abandoned', reason: 'idle', count: 1 },
      { kind: 'password_change', step: 'entry', event: 'abandoned', reason: 'back', count: 1 },
      { kind: 'password_change', step: 'confirm', event: 'abandoned', reason: 'sign-out', count: 1 },
    ]),
  });
  const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('counts each kind and outcome per kiosk and in total', () => {
    expect(text).toContain('種類 結果 A B 合計');
    expect(text).toContain('パスワード変更 完了 1 2 3');
    expect(text).toContain('iTSCOM ID確認 該当なし 1 0 1');
  });

  it('names the staff numbers wrong PINs locked today, and prints the audit chain\'s head for IT to check the trail against', () => {
    expect(text).toContain('PINの誤りが続いてロックされたスタッフ番号 スタッフ ロック 2001 佐藤 2回');
    expect(text).toContain(`1234:${'ab'.repeat(32)}`);
  });

  it('counts the staff actions per member, by name', () => {
    expect(text).toContain('1001 山田 ロック解除 1');
    expect(text).toContain('2001 佐藤 仮パスワード発行 2');
    expect(text).toContain('—(IT・不明) スタッフの追加 1');
  });

  it('says how many calls there were and how long until staff answered', () => {
    expect(text).toContain('3件(対応済み 2件、平均 7分、最長 10分)');
    expect(text).toContain('17:50 A 未対応');
  });

  it('masks the addresses of failed mail and names the printer\'s trouble', () => {
    expect(text).toContain('ha****om');
    expect(html).not.toContain('hanako.suzuki');
    expect(text).toContain('A stopped media-empty-error');
  });

  it('shows where the day\'s procedures were given up, and why', () => {
    expect(text).toContain('パスワード変更 開始 5');
    expect(text).toContain('入力 5 2(無操作 1、戻る 1)');
    expect(text).toContain('確認 3 1(ログアウト 1)');
    expect(text).toContain('完了 2 0');
    // Kinds nobody started are left out.
    expect(text).not.toContain('iTSCOM ID変更 開始');
  });

  it('masks an ID to its first two and last two characters', () => {
    expect(maskId('yamada.taro')).toBe('ya****ro');
    expect(maskId('abcd')).toBe('****');
  });
});
