import type { CalendarDay } from '../../../shared/contract/models';
import { formatDay } from '../../../shared/domain/calendar-day';
import { escapeHtml } from '../html';

/** Where the code goes in a code mail's stored body; filled from memory at send time. */
export const SECRET_SLOT = '%SECRET%';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}


const FOOTER = [
  '※このメールは送信専用アドレスから送信しています。ご返信いただいてもお答えできません。',
  '※お心当たりのない場合は、お手数ですがiTSCOMカスタマーセンターまでご連絡ください。',
  '',
  'iTSCOM マイページ',
];

function compose(subject: string, lines: string[]): MailContent {
  const all = [...lines, '', ...FOOTER];
  const html = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;line-height:1.7">${all
    .map((line) => (line === '' ? '<br>' : `<p style="margin:0">${escapeHtml(line).replace(escapeHtml(SECRET_SLOT), `<strong style="font-size:1.6em;letter-spacing:0.2em">${SECRET_SLOT}</strong>`)}</p>`))
    .join('')}</body></html>`;
  return { subject, text: `${all.join('\n')}\n`, html };
}

/** A code mail: what was asked for, then the code's slot and its validity. Holds the slot, never the code. */
function codeMail(subject: string, received: string, ttlMinutes: number): MailContent {
  return compose(subject, [
    received,
    '以下の認証コードを、認証コード入力画面に入力してください。',
    '',
    `認証コード: ${SECRET_SLOT}`,
    '',
    `認証コードの有効期限は${ttlMinutes}分です。有効期限が切れてしまった場合には、手続きをはじめからやり直してください。`,
  ]);
}

/** The verification code mail to the address being registered. */
export function verificationCodeMail(ttlMinutes: number): MailContent {
  return codeMail('【iTSCOM】認証コードのお知らせ', 'iTSCOM IDの変更手続きを受け付けました。', ttlMinutes);
}

/** Sent to the contact address when the ID change is complete. */
export function idChangedMail(newItscomId: string, changedOn: CalendarDay): MailContent {
  return compose('【iTSCOM】iTSCOM ID変更完了のお知らせ', [
    'iTSCOM IDの変更が完了しました。',
    '',
    `新しいiTSCOM ID: ${newItscomId}`,
    `変更日: ${formatDay(changedOn)}`,
    '',
    '次回から新しいiTSCOM IDでログインしてください。',
  ]);
}

/** Sent to the previous contact address when the ID change moved the contact address away from it. */
export function contactChangedMail(changedOn: CalendarDay): MailContent {
  return compose('【iTSCOM】連絡先メールアドレス変更のお知らせ', [
    'iTSCOM IDの変更にともない、連絡先メールアドレスが変更されました。',
    `変更日: ${formatDay(changedOn)}`,
    '',
    '今後のお知らせは新しい連絡先メールアドレスにお送りします。',
  ]);
}

/** Sent to the contact address when the password changed. Never holds the password. */
export function passwordChangedMail(changedOn: CalendarDay): MailContent {
  return compose('【iTSCOM】パスワード変更完了のお知らせ', [
    'iTSCOM IDのパスワードの変更が完了しました。',
    `変更日: ${formatDay(changedOn)}`,
    '',
    '次回から新しいパスワードでログインしてください。',
  ]);
}

/** The reset's code, to the contact address of the ID. */
export function passwordResetCodeMail(ttlMinutes: number): MailContent {
  return codeMail('【iTSCOM】パスワード再設定の認証コードのお知らせ', 'iTSCOM IDのパスワード再設定の手続きを受け付けました。', ttlMinutes);
}

/** Sent to the contact address when the password was reset. Never holds the password. */
export function passwordResetMail(changedOn: CalendarDay): MailContent {
  return compose('【iTSCOM】パスワード再設定完了のお知らせ', [
    'iTSCOM IDのパスワードの再設定が完了しました。',
    `再設定日: ${formatDay(changedOn)}`,
    '',
    '次回から新しいパスワードでログインしてください。',
  ]);
}

/** Sent to the contact address when staff issued a temporary password. Never holds the password. */
export function temporaryPasswordMail(issuedOn: CalendarDay): MailContent {
  return compose('【iTSCOM】仮パスワード発行のお知らせ', [
    '店頭にて、ご本人確認のうえ iTSCOM IDの仮パスワードを発行しました。',
    `発行日: ${formatDay(issuedOn)}`,
    '',
    '仮パスワードの有効期限は24時間です。ログイン後、新しいパスワードを設定してください。',
  ]);
}
