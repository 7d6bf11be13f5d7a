import { describe, expect, it } from 'vitest';
import { CUPS_MEDIA, slipHtml, slipModel } from '../../electron/core/print/slip';

const day = { year: 2026, month: 3, day: 5 };
const at = new Date(2026, 2, 5, 9, 7);

describe('completion slip', () => {
  it('carries the manual\'s wording, the new password and the date, and nothing else', () => {
    const slip = slipModel({ kind: 'password', newPassword: 'Abc/123=x', changedOn: day }, '二子玉川店', at);
    expect(slip).toEqual({
      title: 'iTSCOM My PAGE',
      heading: 'iTSCOM IDのパスワード',
      lead: 'あなたの登録情報です。大切に保管してください。',
      rows: [
        { label: '新パスワード', value: 'Abc/123=x' },
        { label: '変更日', value: '2026年03月05日' },
      ],
      shopName: '二子玉川店',
      printedAt: '2026/03/05 09:07',
    });
  });

  it('carries the new ID and the date for an ID change', () => {
    const slip = slipModel({ kind: 'id_change', newItscomId: 'taro@example.com', changedOn: day }, 'S', at);
    expect(slip.heading).toBe('iTSCOM ID');
    expect(slip.rows).toEqual([
      { label: '新しいiTSCOM ID', value: 'taro@example.com' },
      { label: '変更日', value: '2026年03月05日' },
    ]);
  });

  it('renders a self-contained page for each paper, escaping what it shows', () => {
    const slip = slipModel({ kind: 'password', newPassword: '<b>&x', changedOn: day }, 'Shop "A"', at);
    const a4 = slipHtml(slip, 'a4');
    expect(a4).toContain('@page { size: A4;');
    expect(a4).toContain('&#60;b&#62;&#38;x');
    expect(a4).not.toContain('<b>&x');
    expect(a4).not.toMatch(/<script|src=|href=/);
    expect(slipHtml(slip, 'roll80')).toContain('@page { size: 80mm 110mm;');
    expect(CUPS_MEDIA).toEqual({ a4: 'A4', roll80: 'Custom.80x110mm' });
  });
});
