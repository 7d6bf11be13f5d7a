import type { PlanDuration } from '../contract/models';

/**
 * Whole years and months from a contract start to a day, as the manual's
 * 「プラン継続年数 1年2ヵ月」: a month counts once its day of month is reached.
 */
export function planDuration(contractStart: Date, today: Date): PlanDuration {
  let months =
    (today.getFullYear() - contractStart.getFullYear()) * 12 + (today.getMonth() - contractStart.getMonth());
  if (today.getDate() < contractStart.getDate()) months -= 1;
  months = Math.max(0, months);
  return { years: Math.floor(months / 12), months: months % 12 };
}
