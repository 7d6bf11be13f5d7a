import type { AccountOverview } from '../../../shared/contract/models';
import { planDuration } from '../../../shared/domain/plan-duration';
import type { Customer } from '../store/customers-repo';

function yearMonth(value: string): { year: number; month: number } {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return { year, month };
}

/** What the My Page top shows, computed on the kiosk's clock; what the customer's account does not have is left out. */
export function accountOverview(customer: Customer, today: Date): AccountOverview {
  const overview: AccountOverview = { itscomId: customer.itscomId, isLegacyId: customer.isLegacyId };
  if (customer.planName) overview.planName = customer.planName;
  if (customer.renewalFrom && customer.renewalTo) {
    overview.renewalFrom = yearMonth(customer.renewalFrom);
    overview.renewalTo = yearMonth(customer.renewalTo);
  }
  if (customer.contractStart) {
    const [y, m, d] = customer.contractStart.split('-').map(Number) as [number, number, number];
    overview.planDuration = planDuration(new Date(y, m - 1, d), today);
  }
  return overview;
}
