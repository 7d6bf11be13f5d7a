import { describe, expect, it } from 'vitest';
import { containsIdPart, newPasswordProblem, passwordChangeSchema } from '../../shared/rules/password';
import { parseRuleMessage } from '../../shared/rules/rule-message';
import { commonPasswordCount, isCommonPassword } from '../../electron/core/password-change/common-passwords';

describe('new password rules', () => {
  it.each([
    ['Abc-12', undefined],
    ['a'.repeat(32), undefined],
    ['%+./:=@^_-Az9', undefined],
    ['', 'errors.required'],
    ['abcde', 'rules.password.length'],
    ['a'.repeat(33), 'rules.password.length'],
    ['ａｂｃｄｅｆ', 'rules.password.halfWidth'],
    ['パスワード123', 'rules.password.halfWidth'],
    ['abc#def', 'rules.password.forbidden::#'],
    ['abc def', 'rules.password.forbidden::スペース'],
    ['abc!def', 'rules.password.forbidden::!'],
    ['abc~def', 'rules.password.forbidden::~'],
    ['abc*', 'rules.password.forbidden::*'],
  ])('%j → %s', (value, problem) => {
    expect(newPasswordProblem(value)).toBe(problem);
  });

  it('names the forbidden symbol in the message', () => {
    expect(parseRuleMessage(newPasswordProblem('pass#word')!)).toEqual({ key: 'rules.password.forbidden', value: '#' });
  });

  const issues = (input: object, itscomId?: string) => {
    const result = passwordChangeSchema(itscomId).safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('checks both entries, the current password and the ID, each on its own field', () => {
    expect(issues({ currentPassword: 'Old-pass1', newPassword: 'New-pass9', newPasswordAgain: 'New-pass9' })).toEqual([]);
    expect(issues({ currentPassword: 'Old-pass1', newPassword: 'New-pass9', newPasswordAgain: 'New-pass8' })).toEqual([
      ['newPasswordAgain', 'rules.password.mismatch'],
    ]);
    expect(issues({ currentPassword: 'Same-pass1', newPassword: 'Same-pass1', newPasswordAgain: 'Same-pass1' })).toEqual([
      ['newPassword', 'rules.password.sameAsCurrent'],
    ]);
    expect(issues({ currentPassword: '', newPassword: 'New-pass9', newPasswordAgain: '' })).toEqual([
      ['currentPassword', 'errors.required'],
      ['newPasswordAgain', 'errors.required'],
    ]);
    expect(issues({ currentPassword: 'x', newPassword: 'Hanako.Suzuki9', newPasswordAgain: 'Hanako.Suzuki9' }, 'hanako.suzuki@example.com')).toEqual([
      ['newPassword', 'rules.password.containsId'],
    ]);
    expect(issues({ currentPassword: 'x', newPassword: 'N', newPasswordAgain: 'N', admin: true })).toContainEqual(['', expect.stringContaining('Unrecognized')]);
  });

  it('looks for the ID local part (or a whole legacy ID), ignoring case and very short parts', () => {
    expect(containsIdPart('xxYAMADA.TAROxx', 'yamada.taro')).toBe(true);
    expect(containsIdPart('hanako.suzuki-1', 'hanako.suzuki@example.com')).toBe(true);
    expect(containsIdPart('example.com-1', 'hanako.suzuki@example.com')).toBe(false);
    expect(containsIdPart('banana-12', 'an@example.com')).toBe(false);
  });
});

describe('common passwords (shipped, no network)', () => {
  it('holds at least the 10,000 most common passwords and refuses them in any case', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    for (const common of ['password', 'PASSWORD', 'qwerty123', '123456789', 'iloveyou', 'dragon']) {
      expect(isCommonPassword(common), common).toBe(true);
    }
    expect(isCommonPassword('Kiosk-8e3f:ab')).toBe(false);
  });
});
