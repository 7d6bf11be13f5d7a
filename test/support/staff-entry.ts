import type { KioskApi } from '../../shared/contract/kiosk-api';
import { hashPassword } from '../../electron/core/auth/password-hash';
import { openStore } from '../../electron/core/store/store';
import { makeTempDir } from './temp-dir';

/** The demo's manager and staff member (docs/product.md, "Demo data"). */
export const DEMO_MANAGER = { number: '1001', pin: '246810' } as const;
export const DEMO_STAFF_MEMBER = { number: '2001', pin: '135790' } as const;
/** A shop kiosk of the tests (KIOSK_STAFF_PIN=4826, no staff yet): the shared PIN is manager 0000, who sets a PIN first. */
export const SHARED_PIN_MANAGER = { number: '0000', pin: '4826' } as const;
/** The PIN 0000 sets at its first entry in the tests. */
export const OWN_PIN = '902461';

/** Opens staff mode at a window as `who`, setting the member's own PIN first when the entry asks for one. */
export async function enterStaffMode(api: KioskApi, who: { number: string; pin: string } = DEMO_MANAGER): Promise<void> {
  const entered = await api.staff.unlock(who);
  if (!entered.ok) throw new Error(`staff mode refused: ${entered.code}`);
  if (!entered.value.mustSetPin) return;
  const set = await api.staff.setPin({ pin: OWN_PIN, pinAgain: OWN_PIN });
  if (!set.ok) throw new Error(`own PIN refused: ${set.code}`);
}

/** Manager 1001 (PIN 246810) in a shop's shared store, as IT adds the first manager (npm run staff -- add). */
export async function addManager(databaseUrl: string, shop = 'main'): Promise<void> {
  const temp = makeTempDir();
  const store = await openStore({ dataDir: temp.dir, databaseUrl, kioskId: 'test-set-up', shop });
  try {
    if (await store.staffMembers.find(DEMO_MANAGER.number)) return;
    await store.staffMembers.add({ number: DEMO_MANAGER.number, name: '山田', role: 'manager', pinHash: await hashPassword(DEMO_MANAGER.pin), mustSetPin: false }, Date.now());
  } finally {
    await store.close();
    temp.cleanup();
  }
}
