import { describe, expect, it } from 'vitest';
import { planDuration } from '../../shared/domain/plan-duration';

describe('プラン継続年数', () => {
  it.each([
    ['2022-01-10', '2023-03-23', { years: 1, months: 2 }],
    ['2022-01-10', '2026-11-25', { years: 4, months: 10 }],
    ['2024-04-01', '2024-04-01', { years: 0, months: 0 }],
    ['2024-04-30', '2024-05-29', { years: 0, months: 0 }],
    ['2024-04-30', '2024-05-30', { years: 0, months: 1 }],
    ['2023-12-15', '2024-12-15', { years: 1, months: 0 }],
    ['2030-01-01', '2026-11-25', { years: 0, months: 0 }],
  ])('from %s to %s', (start, today, expected) => {
    expect(planDuration(new Date(`${start}T00:00:00`), new Date(`${today}T12:00:00`))).toEqual(expected);
  });
});
