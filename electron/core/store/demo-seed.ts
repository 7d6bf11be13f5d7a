import { itscomIdKey, isMailFormId } from '../../../shared/domain/itscom-id';
import type { NewCustomer } from './customers-repo';
import type { Store } from './store';
import { ItscomIdTakenError } from './store-errors';

/** The demo customers (docs/product.md, "Demo data"); passwords here are the published demo ones. */
export const DEMO_CUSTOMERS = [
  {
    itscomId: 'yamada.taro',
    password: 'Demo-pass1',
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
    contactMail: 'hanako.suzuki@example.com',
    planName: 'かんたんスマートプラン(NET:1G/ケーブルプラス電話)',
    renewalFrom: '2027-04',
    renewalTo: '2027-06',
    contractStart: '2024-04-01',
  },
] as const;

/**
 * The published demo passwords' hashes, made once per process and hash
 * function: each is a full-strength KDF run, and a process that starts many
 * demo stores (the tests do) needs them once. They protect nothing secret.
 */
const demoHashes = new WeakMap<(password: string) => Promise<string>, Map<string, Promise<string>>>();
function demoHash(hash: (password: string) => Promise<string>, password: string): Promise<string> {
  const known = demoHashes.get(hash) ?? new Map<string, Promise<string>>();
  demoHashes.set(hash, known);
  if (!known.has(password)) known.set(password, hash(password));
  return known.get(password)!;
}

/**
 * Seeds the demo customers into an empty store. Never touches a store that
 * already holds customers, so a restart keeps every change made in the demo.
 */
export async function seedDemoCustomers(store: Pick<Store, 'customers' | 'transaction'>, hash: (password: string) => Promise<string>, now: number): Promise<boolean> {
  if ((await store.customers.count()) > 0) return false;
  const rows: NewCustomer[] = [];
  for (const demo of DEMO_CUSTOMERS) {
    const { password, ...rest } = demo;
    rows.push({
      ...rest,
      itscomIdKey: itscomIdKey(demo.itscomId),
      isLegacyId: !isMailFormId(demo.itscomId),
      demoSeeded: true,
      passwordHash: await demoHash(hash, password),
    });
  }
  // Re-check inside the transaction: another start may have seeded during the slow hashing.
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
