import type { AccountOverview } from '../../../shared/contract/models';
import { planDuration } from '../../../shared/domain/plan-duration';
import type { Customer } from '../store/customers-repo';

function yearMonth(value: string): { year: number; month: number } {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return { year, month };
}

/** What the My Page top shows, computed on the kiosk's clock. */
export function accountOverview(customer: Customer, today: Date): AccountOverview {
  const [y, m, d] = customer.contractStart.split('-').map(Number) as [number, number, number];
  return {
    itscomId: customer.itscomId,
    isLegacyId: customer.isLegacyId,
    planName: customer.planName,
    renewalFrom: yearMonth(customer.renewalFrom),
    renewalTo: yearMonth(customer.renewalTo),
    planDuration: planDuration(new Date(y, m - 1, d), today),
  };
}
