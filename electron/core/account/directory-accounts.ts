import { isMailFormId, itscomIdKey } from '../../../shared/domain/itscom-id';
import type { DirectoryAccount, LdapDirectory } from '../directory/ldap-directory';
import type { Customer, CustomersRepo } from '../store/customers-repo';
import { DIRECTORY_PASSWORD } from '../store/customers-repo';
import type { AccountStore } from './account-store';

/**
 * The accounts in the provider's LDAP directory: the directory decides every
 * password (binding as the customer; its own hashing and password policy) and
 * every ID. Each entry the kiosk meets gets a row in the kiosk's store, found
 * by its entryUUID and brought up to date at each look-up, which procedures,
 * codes and lockouts refer to; that row holds no password.
 */
/** An ID no entry has (IDs have no spaces): what an unknown ID's check searches for, as a known one searches for its entry. */
const UNKNOWN_ENTRY = 'no such entry';

/** The last few durations of something, and their median (0 before any). */
function recentDurations(size = 15) {
  const recent: number[] = [];
  return {
    add(ms: number) {
      recent.push(ms);
      if (recent.length > size) recent.shift();
    },
    typical: () => (recent.length === 0 ? 0 : [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)]!),
  };
}

export function createDirectoryAccounts(directory: LdapDirectory, customers: CustomersRepo, now: () => number): AccountStore {
  const wrongTook = recentDurations();
  const mirror = async (account: DirectoryAccount): Promise<Customer> => {
    const customer = await mirrorRow(account);
    // The directory's pwdReset is a forced change wherever the password was set: one the kiosk's staff
    // issued expires as the kiosk recorded; one set elsewhere when the directory's own policy says.
    return { ...customer, temporaryPasswordExpiresAt: account.mustChange ? (customer.temporaryPasswordExpiresAt ?? Number.MAX_SAFE_INTEGER) : null };
  };
  const mirrorRow = (account: DirectoryAccount): Promise<Customer> =>
    customers.mirrorDirectoryEntry(
      {
        entryId: account.entryId,
        itscomId: account.itscomId,
        itscomIdKey: itscomIdKey(account.itscomId),
        isLegacyId: !isMailFormId(account.itscomId),
        contactMail: account.contactMail,
        planName: account.planName ?? null,
        renewalFrom: account.renewalFrom ?? null,
        renewalTo: account.renewalTo ?? null,
        contractStart: account.contractStart ?? null,
      },
      now(),
    );

  /** The customer's entry now (by the ID the row knows), or undefined when the directory no longer has it. */
  const entryOf = (customer: Customer) => directory.findById(customer.itscomId);

  return {
    async find(idKey) {
      const account = await directory.findById(idKey);
      if (account) return mirror(account);
      // The read a known entry's row costs, for an unknown ID too.
      await customers.findByDirectoryEntry(UNKNOWN_ENTRY);
      return undefined;
    },
    async findByContactMail(contactMail) {
      return Promise.all((await directory.findByMail(contactMail)).map(mirror));
    },
    async checkPassword(customer, password) {
      // An unknown ID asks the directory as a known one does (a search for the entry, a bind, the lock's search):
      // the same round trips as a wrong password, so the time of the answer does not tell which IDs exist.
      const started = performance.now();
      const account = customer ? await entryOf(customer) : await directory.findById(UNKNOWN_ENTRY);
      if (!account) {
        await directory.bindAsNobody(password);
        // The directory's own work on a real entry's refused bind (its policy records the failure) is not the
        // kiosk's to repeat: the answer waits as long as this kiosk's recent refusals of known IDs took.
        const wait = wrongTook.typical() - (performance.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return 'wrong';
      }
      const outcome = await directory.authenticate(account, password);
      if (outcome === 'wrong') wrongTook.add(performance.now() - started);
      return outcome;
    },
    // The directory hashes with its own scheme: nothing to upgrade here.
    passwordAccepted: async () => undefined,
    // The directory's password history refuses what it has had, the temporary one included.
    isCurrentPassword: async () => false,
    async setPassword(customer, password, source) {
      const account = await entryOf(customer);
      if (!account) throw new Error('the directory no longer holds the customer');
      const result =
        source.by === 'customer'
          ? await directory.changeOwnPassword(account, source.current, password)
          : await directory.setPassword(account, password, { mustChange: source.by === 'staff-temporary' });
      return result === 'ok' ? { stored: DIRECTORY_PASSWORD } : result;
    },
    async changeId(customer, newItscomId, contactMail) {
      const account = await entryOf(customer);
      if (!account) throw new Error('the directory no longer holds the customer');
      return directory.changeId(account, newItscomId, contactMail);
    },
    external: {
      storedPassword: DIRECTORY_PASSWORD,
      passwordMark: async (customer) => (await entryOf(customer))?.passwordChangedTime ?? null,
      async happened(customer, change) {
        // The entry itself (by its entryUUID): its name and ID may be what changed.
        const entry = customer.directoryEntry === null ? undefined : await directory.findByEntryId(customer.directoryEntry);
        if (!entry) return false;
        if (change.kind === 'id_change') return itscomIdKey(entry.itscomId) === itscomIdKey(change.newItscomId);
        // pwdChangedTime counts in seconds: a change in the same second as the one before goes unseen, and is taken as not made.
        return (entry.passwordChangedTime ?? null) !== change.passwordMark;
      },
    },
  };
}
