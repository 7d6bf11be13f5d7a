import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { inputSchemas } from '../../shared/contract/contract';
import { staffSettingsSchema } from '../../shared/config/staff-settings';
import { characterMessages } from '../../shared/rules/characters';
import { passwordChangeSchema } from '../../shared/rules/password';

/** Each class of unusable character, as a customer might paste it, and the message it must get. */
const classes = [
  ['NUL', 'abc\u0000def', characterMessages.control],
  ['a line break', 'abc\ndef', characterMessages.control],
  ['a tab', 'abc\tdef', characterMessages.control],
  ['a zero-width space', 'abc\u200bdef', characterMessages.invisible],
  ['a byte-order mark', '\ufeffabcdef', characterMessages.invisible],
  ['a right-to-left override', 'abc\u202edef', characterMessages.invisible],
  ['an emoji', 'abc😀def', characterMessages.emoji],
  ['a flag', 'abc🇯🇵def', characterMessages.emoji],
] as const;

/** Every text field a person can type into, with otherwise valid input around it. */
const fields: [string, z.ZodTypeAny, Record<string, unknown>, string][] = [
  ['sign-in ID', inputSchemas['session.signIn'], { password: 'Demo-pass1' }, 'itscomId'],
  ['sign-in password', inputSchemas['session.signIn'], { itscomId: 'yamada.taro' }, 'password'],
  ['re-entered password', inputSchemas['idChange.reauthenticate'], {}, 'password'],
  ['new iTSCOM ID', inputSchemas['idChange.requestCode'], {}, 'newItscomId'],
  ['code', inputSchemas['idChange.verifyCode'], {}, 'code'],
  ['current password', passwordChangeSchema('yamada.taro'), { newPassword: 'Kiosk_2026x', newPasswordAgain: 'Kiosk_2026x' }, 'currentPassword'],
  ['new password', passwordChangeSchema('yamada.taro'), { currentPassword: 'Demo-pass1', newPasswordAgain: 'Kiosk_2026x' }, 'newPassword'],
  ['new password again', passwordChangeSchema('yamada.taro'), { currentPassword: 'Demo-pass1', newPassword: 'Kiosk_2026x' }, 'newPasswordAgain'],
  ['staff PIN', inputSchemas['staff.unlock'], { number: '1001' }, 'pin'],
  ['staff number', inputSchemas['staff.unlock'], { pin: '246810' }, 'number'],
  ['ID to unlock', inputSchemas['staff.unlockId'], {}, 'itscomId'],
  ...(['printer', 'smtpUrl', 'mailFrom', 'shopName'] as const).map(
    (field) =>
      [
        `staff setting ${field}`,
        staffSettingsSchema,
        { idleSeconds: 120, printer: '', paperSize: 'a4', smtpUrl: '', mailFrom: 'a@example.com', shopName: '店' },
        field,
      ] as [string, z.ZodTypeAny, Record<string, unknown>, string],
  ),
];

describe('unusable characters', () => {
  it.each(fields)('%s: each class gets its own message on that field', (_name, schema, rest, field) => {
    for (const [label, value, message] of classes) {
      const result = schema.safeParse({ ...rest, [field]: value });
      expect(result.success, label).toBe(false);
      const issue = result.error!.issues.find((i) => i.path[0] === field);
      expect(issue?.message, `${label} in ${field}`).toBe(message);
    }
  });

  it('leaves Japanese alone where a field takes it (the shop name)', () => {
    const settings = { idleSeconds: 120, printer: '', paperSize: 'a4', smtpUrl: '', mailFrom: 'a@example.com', shopName: '二子玉川店' };
    expect(staffSettingsSchema.safeParse(settings).success).toBe(true);
  });

  it('tells full-width input at sign-in to be half-width, before any password check', () => {
    const result = inputSchemas['session.signIn'].safeParse({ itscomId: 'ｙａｍａｄａ', password: 'Demo-pass1' });
    expect(result.error?.issues[0]?.message).toBe('errors.halfWidth');
  });
});
