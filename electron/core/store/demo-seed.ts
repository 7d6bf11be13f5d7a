import { itscomIdKey, isMailFormId } from '../../../shared/domain/itscom-id';
import { hashPassword, isAtCurrentCost } from '../auth/password-hash';
import type { NewCustomer } from './customers-repo';
import type { Store } from './store';
import { ItscomIdTakenError } from './store-errors';

/**
 * The demo customers (docs/product.md, "Demo data"); passwords here are the
 * published demo ones, with their hashes made once at today's parameters (a
 * full-strength KDF run each, which every demo start and test would otherwise
 * repeat; they protect nothing secret). test/unit/store.test.ts checks that
 * each verifies and needs no rehash.
 */
export const DEMO_CUSTOMERS = [
  {
    itscomId: 'yamada.taro',
    password: 'Demo-pass1',
    passwordHash: 'scrypt$131072$8$1$PNbysfVoKREg890bnz1SbQ==$b98yjDo2cNwOQWz1JTLG6rU3eiS3IHy4VKKBFCZgFa8=',
    contactMail: 'taro.yamada@example.com',
    // Plan, renewal window and contract start as in the manual's screenshot.
    planName:
      'おまかせマスター・スマートプラン(TV:スタンダード/NET:300M/ケーブルプラス電話/iTSCOM HOME/テレビ・プッシュ)',
    renewalFrom: '2025-01',
    renewalTo: '2025-03',
    contractStart: '2022-01-10',
  },
  {
    itscomId: 'hanako.suzuki@example.com',
    password: 'Hanako_2026',
    passwordHash: 'scrypt$131072$8$1$5C2+ki4n92Y8AqlqsKbidA==$sfbpXdk3gipHdcmi4xjnkx+WAsWnPYIDKOdTE0CowKs=',
    contactMail: 'hanako.suzuki@example.com',
    planName: 'かんたんスマートプラン(NET:1G/ケーブルプラス電話)',
    renewalFrom: '2027-04',
    renewalTo: '2027-06',
    contractStart: '2024-04-01',
  },
] as const;

/**
 * Seeds the demo customers into an empty store. Never touches a store that
 * already holds customers, so a restart keeps every change made in the demo.
 */
export async function seedDemoCustomers(store: Pick<Store, 'customers' | 'transaction'>, now: number): Promise<boolean> {
  if ((await store.customers.count()) > 0) return false;
  const rows: NewCustomer[] = [];
  for (const demo of DEMO_CUSTOMERS) {
    const { password, passwordHash, ...rest } = demo;
    rows.push({
      ...rest,
      // Made anew only where new hashes have another cost (the unit tests' cheaper KDF).
      passwordHash: isAtCurrentCost(passwordHash) ? passwordHash : await hashPassword(password),
      itscomIdKey: itscomIdKey(demo.itscomId),
      isLegacyId: !isMailFormId(demo.itscomId),
      demoSeeded: true,
    });
  }
  // Re-check inside the transaction: another kiosk may have seeded meanwhile.
  try {
    return await store.transaction(async ({ customers }) => {
      if ((await customers.count()) > 0) return false;
      for (const row of rows) await customers.insert(row, now);
      return true;
    });
  } catch (error) {
    // Another kiosk on a shared store seeded them first.
    if (error instanceof ItscomIdTakenError) return false;
    throw error;
  }
}
