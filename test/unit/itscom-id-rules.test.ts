import { describe, expect, it } from 'vitest';
import { newIdProblem, newItscomIdField, verifyCodeSchema } from '../../shared/rules/itscom-id';

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? undefined : result.error!.issues[0]!.message;

describe('new iTSCOM ID rules', () => {
  it.each([
    ['taro@example.com', undefined],
    ['a@b.jp', undefined],
    ['Taro.Yamada-1_x@mail.example.co.jp', undefined],
    ['', 'required'],
    ['ｔａｒｏ@example.com', 'halfWidth'],
    ['taro＠example.com', 'halfWidth'],
    ['たろう@example.com', 'halfWidth'],
    ['taro@example.com　', 'halfWidth'],
    ['a@b', 'length'],
    ['a@bc', 'mailForm'],
    [`${'a'.repeat(88)}@example.com`, undefined],
    [`${'a'.repeat(89)}@example.com`, 'length'],
    ['taro+tag@example.com', 'characters'],
    ['taro yamada@example.com', 'characters'],
    ['taro!@example.com', 'characters'],
    ['taro@exa_mple', 'mailForm'],
    ['yamada.taro', 'mailForm'],
    ['taro@@example.com', 'mailForm'],
    ['.taro@example.com', 'mailForm'],
    ['taro..y@example.com', 'mailForm'],
    ['taro@example.', 'mailForm'],
    ['@example.com', 'mailForm'],
  ])('%j → %s', (value, problem) => {
    expect(newIdProblem(value)).toBe(problem);
  });

  it('counts 4 and 100 characters as the limits', () => {
    expect(newIdProblem('a@b.c')).toBe('mailForm'); // 5 chars, shape is what fails
    expect(`${'a'.repeat(88)}@example.com`).toHaveLength(100);
    expect(newIdProblem('a@bc')).not.toBe('length'); // 4 characters: long enough
    expect(newIdProblem('a@b')).toBe('length'); // 3 characters
  });

  it('gives each failure its own message, and refuses the current ID case-insensitively', () => {
    const field = newItscomIdField('Taro@Example.com');
    expect(firstMessage(field.safeParse('ｔａｒｏ@example.com'))).toBe('rules.itscomId.halfWidth');
    expect(firstMessage(field.safeParse('abc'))).toBe('rules.itscomId.length');
    expect(firstMessage(field.safeParse('a!b@example.com'))).toBe('rules.itscomId.characters');
    expect(firstMessage(field.safeParse('taro@example'))).toBe('rules.itscomId.mailForm');
    expect(firstMessage(field.safeParse('taro@example.com'))).toBe('rules.itscomId.sameAsCurrent');
    expect(field.safeParse('new@example.com').success).toBe(true);
  });

  it('accepts a six-digit code only', () => {
    expect(verifyCodeSchema.safeParse({ code: '012345' }).success).toBe(true);
    expect(firstMessage(verifyCodeSchema.safeParse({ code: '' }))).toBe('errors.required');
    expect(firstMessage(verifyCodeSchema.safeParse({ code: '１２３４５６' }))).toBe('errors.halfWidth');
    expect(firstMessage(verifyCodeSchema.safeParse({ code: '12345' }))).toBe('code.errors.form');
    expect(firstMessage(verifyCodeSchema.safeParse({ code: '1234567' }))).toBe('code.errors.form');
    expect(verifyCodeSchema.safeParse({ code: '123456', extra: 1 }).success).toBe(false);
  });
});
