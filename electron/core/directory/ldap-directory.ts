import { AlreadyExistsError, Attribute, BerWriter, Change, Client, ConstraintViolationError, EqualityFilter, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import type { PasswordRefusal } from '../account/account-store';
import { StoreError } from '../store/store-errors';

/**
 * The provider's LDAP directory as the kiosk uses it, done as directory
 * people do: TLS with the certificate checked (ldaps://, or StartTLS on
 * ldap://), a service account that finds entries (filter values escaped, RFC
 * 4515), a customer's password checked by binding as that customer, and a
 * customer's own change made bound as the customer with the Password Modify
 * extended operation (RFC 3062), so the directory hashes with its own scheme
 * and applies its own password policy. Each operation has a timeout; service
 * connections are kept in a small pool, a customer's bind never shares one.
 */
export interface DirectorySettings {
  /** ldaps://host:port, or ldap://host:port (StartTLS is then required). */
  url: string;
  /** Where customer entries are searched (subtree). */
  baseDn: string;
  bindDn: string;
  bindPassword: string;
  /** The CA (PEM) that signed the directory's certificate; the system's CAs when absent. */
  ca?: string;
  /** Per operation (ms). */
  timeoutMs?: number;
  /** The entry's attributes: the ID (default uid), the contact address (mail), the class (inetOrgPerson). */
  attributes?: Partial<DirectoryAttributes>;
  /** Service connections kept open (default 2). */
  poolSize?: number;
}

export interface DirectoryAttributes {
  id: string;
  mail: string;
  objectClass: string;
  planName: string;
  renewalFrom: string;
  renewalTo: string;
  contractStart: string;
}

const DEFAULT_ATTRIBUTES: DirectoryAttributes = {
  id: 'uid',
  mail: 'mail',
  objectClass: 'inetOrgPerson',
  planName: 'itscomPlanName',
  renewalFrom: 'itscomRenewalFrom',
  renewalTo: 'itscomRenewalTo',
  contractStart: 'itscomContractStart',
};

/** A customer's entry as the kiosk reads it. The plan fields are absent when the entry has none. */
export interface DirectoryAccount {
  dn: string;
  /** The entry's entryUUID (RFC 4530): the same entry whatever its name or ID becomes. */
  entryId: string;
  itscomId: string;
  contactMail: string;
  planName?: string;
  renewalFrom?: string;
  renewalTo?: string;
  contractStart?: string;
  /** The password policy's lock (pwdAccountLockedTime) is on. */
  locked: boolean;
  /** The password was set by an administrator and must be changed (pwdReset). */
  mustChange: boolean;
  /** When the password last changed, as the password policy keeps it (pwdChangedTime); absent before its first change under the policy. */
  passwordChangedTime?: string;
}

/**
 * The directory cannot be reached (down, a network cut, a timeout, a
 * certificate that does not check out): the customer is told the service is
 * unavailable for a moment, as for the kiosk's own store, and nothing was changed.
 */
export class DirectoryUnavailableError extends StoreError {
  override name = 'DirectoryUnavailableError';
  constructor(cause: unknown) {
    super('store_unavailable', { cause });
    this.message = `the directory cannot be reached: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}

/** An answer of the directory (a result code) stays itself; anything else means it could not be reached. */
function unreachable(error: unknown): unknown {
  return error instanceof ResultCodeError || error instanceof StoreError || error instanceof DirectoryServiceRefused ? error : new DirectoryUnavailableError(error);
}

/** The directory refused the kiosk's service account: IT's configuration, named. */
export class DirectoryServiceRefused extends Error {
  override name = 'DirectoryServiceRefused';
  constructor(bindDn: string) {
    super(`the directory refused the service account ${bindDn}: check KIOSK_DIRECTORY_BIND_DN and KIOSK_DIRECTORY_BIND_PASSWORD`);
  }
}

export type BindOutcome = 'ok' | 'wrong' | 'locked';

/** The RFC 3062 request: [0] the entry, [1] its current password, [2] the new one (each optional). */
function passwordModifyRequest(parts: { entry?: string; current?: string; next: string }): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  if (parts.entry !== undefined) writer.writeString(parts.entry, 0x80);
  if (parts.current !== undefined) writer.writeString(parts.current, 0x81);
  writer.writeString(parts.next, 0x82);
  writer.endSequence();
  return writer.buffer;
}
const PASSWORD_MODIFY = '1.3.6.1.4.1.4203.1.11.1';

/**
 * OpenLDAP's ppolicy says why in the message of a constraint violation. It
 * says "fails quality checking" for a password too short as for one its
 * quality module refuses: both are 'quality'.
 */
function refusalOf(error: unknown): PasswordRefusal | undefined {
  if (!(error instanceof ConstraintViolationError)) return undefined;
  const message = error.message.toLowerCase();
  if (message.includes('history')) return 'in_history';
  if (message.includes('too young')) return 'too_young';
  return 'quality';
}

/** An attribute value as a DN names it (RFC 4514): the special characters escaped. */
function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (char) => `\\${char}`).replace(/^[ #]/, (char) => `\\${char}`).replace(/ $/, '\\ ');
}

/** A DN's RDNs, split at the commas that are not escaped. */
function splitDn(dn: string): string[] {
  return dn.split(/(?<!\\),/);
}

const first = (entry: Entry, attribute: string): string | undefined => {
  const value = entry[attribute];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
};

export function createLdapDirectory(settings: DirectorySettings) {
  const attributes = { ...DEFAULT_ATTRIBUTES, ...settings.attributes };
  const timeout = settings.timeoutMs ?? 5_000;
  const startTls = settings.url.startsWith('ldap://');
  const tlsOptions = { ...(settings.ca ? { ca: settings.ca } : {}), minVersion: 'TLSv1.2' as const };

  /** A connection with TLS up, bound as nobody yet. */
  async function connect(): Promise<Client> {
    const client = new Client({ url: settings.url, timeout, connectTimeout: timeout, ...(startTls ? {} : { tlsOptions }) });
    try {
      if (startTls) await client.startTLS(tlsOptions);
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined); // the connection is what failed
      throw unreachable(error);
    }
  }

  /** Runs `work` on a connection of its own (a customer's bind never shares one), closed after whatever happened. */
  async function onOwnConnection<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connect();
    try {
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined); // a refused bind or a failed step leaves nothing worth closing
    }
  }

  const idle: Client[] = [];
  /** Runs `work` on a service-bound connection from the pool; a connection that failed is dropped, not reused. */
  async function asService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    let client = idle.pop();
    if (!client) {
      client = await connect();
      try {
        await client.bind(settings.bindDn, settings.bindPassword);
      } catch (error) {
        await client.unbind().catch(() => undefined); // a refused bind leaves nothing worth closing
        if (error instanceof InvalidCredentialsError) throw new DirectoryServiceRefused(settings.bindDn);
        // Over ldaps:// the connection is made by the bind: a directory that is down fails here.
        throw unreachable(error);
      }
    }
    try {
      const result = await work(client);
      if (idle.length < (settings.poolSize ?? 2)) idle.push(client);
      else await client.unbind();
      return result;
    } catch (error) {
      await client.unbind().catch(() => undefined); // the connection may be what failed
      throw unreachable(error);
    }
  }

  const read = [
    attributes.id,
    attributes.mail,
    attributes.planName,
    attributes.renewalFrom,
    attributes.renewalTo,
    attributes.contractStart,
    'pwdAccountLockedTime',
    'pwdReset',
    'pwdChangedTime',
    'entryUUID',
  ];
  const toAccount = (entry: Entry): DirectoryAccount | undefined => {
    const itscomId = first(entry, attributes.id);
    const contactMail = first(entry, attributes.mail);
    const entryId = first(entry, 'entryUUID');
    if (!itscomId || !contactMail || !entryId) return undefined;
    const optional = (name: keyof DirectoryAttributes) => first(entry, attributes[name]);
    const planName = optional('planName');
    const renewalFrom = optional('renewalFrom');
    const renewalTo = optional('renewalTo');
    const contractStart = optional('contractStart');
    const passwordChangedTime = first(entry, 'pwdChangedTime');
    return {
      dn: entry.dn,
      entryId,
      itscomId,
      contactMail,
      ...(planName ? { planName } : {}),
      ...(renewalFrom ? { renewalFrom } : {}),
      ...(renewalTo ? { renewalTo } : {}),
      ...(contractStart ? { contractStart } : {}),
      locked: first(entry, 'pwdAccountLockedTime') !== undefined,
      mustChange: first(entry, 'pwdReset')?.toUpperCase() === 'TRUE',
      ...(passwordChangedTime ? { passwordChangedTime } : {}),
    };
  };
  const ofClass = (filter: EqualityFilter) => `(&(objectClass=${attributes.objectClass})${filter.toString()})`;

  async function searchBy(attribute: string, value: string): Promise<DirectoryAccount[]> {
    return asService(async (client) => {
      const { searchEntries } = await client.search(settings.baseDn, {
        scope: 'sub',
        filter: ofClass(new EqualityFilter({ attribute, value })),
        attributes: read,
        sizeLimit: 50,
        timeLimit: Math.ceil(timeout / 1000),
      });
      return searchEntries.map(toAccount).filter((account): account is DirectoryAccount => account !== undefined);
    });
  }

  /** The customer with this ID (the ID attribute's matching rule decides letter case), if exactly one. */
  async function findById(itscomId: string): Promise<DirectoryAccount | undefined> {
    const found = await searchBy(attributes.id, itscomId);
    return found.length === 1 ? found[0] : undefined;
  }

  return {
    attributes,
    baseDn: settings.baseDn,
    findById,

    /** The entry with this entryUUID, whatever its name and ID are now. */
    findByEntryId: async (entryId: string): Promise<DirectoryAccount | undefined> => (await searchBy('entryUUID', entryId))[0],

    /**
     * For an unknown ID, the work `authenticate` does for a wrong password: a
     * bind that cannot succeed (an entry that does not exist), then the search
     * for the lock state that follows a refused bind. Known and unknown IDs
     * cost the same round trips: the time of an answer tells neither.
     */
    bindAsNobody: (password: string): Promise<void> =>
      onOwnConnection(async (client) => {
        const nobody = `nobody-${Date.now()}`;
        // Refused, as it must be.
        await client.bind(`${attributes.id}=${escapeDnValue(nobody)},${settings.baseDn}`, password).catch(() => undefined);
        await findById(nobody);
      }),

    /** Whether the service account is accepted (at start: a wrong service password stops the kiosk with a message naming it). */
    verifyService: () => asService(async () => undefined),

    /** The customers whose contact address is `mail` (staff's ID look-up). */
    findByMail: (mail: string) => searchBy(attributes.mail, mail),

    /** Checks a password by binding as the customer: the directory's own check, lockout included. */
    authenticate: (account: DirectoryAccount, password: string): Promise<BindOutcome> =>
      onOwnConnection(async (client) => {
        try {
          await client.bind(account.dn, password);
          return 'ok';
        } catch (error) {
          if (!(error instanceof InvalidCredentialsError)) throw unreachable(error);
          // A locked account answers "invalid credentials" too: its policy's lock says which.
          const now = await findById(account.itscomId);
          return now?.locked ? 'locked' : 'wrong';
        }
      }),

    /** The customer's own change, bound as the customer with the current password: the directory's policy applies. */
    changeOwnPassword: (account: DirectoryAccount, current: string, next: string): Promise<'ok' | { refused: PasswordRefusal }> =>
      onOwnConnection(async (client) => {
        try {
          await client.bind(account.dn, current);
          await client.exop(PASSWORD_MODIFY, passwordModifyRequest({ current, next }));
          return 'ok' as const;
        } catch (error) {
          const refusal = refusalOf(error);
          if (refusal) return { refused: refusal };
          throw unreachable(error);
        }
      }),

    /**
     * A password set by the kiosk's service account: the one the customer chose
     * at a reset (`mustChange` false: not left marked for a forced change), or a
     * temporary one staff issue (`mustChange` true: pwdReset, changed at the
     * next sign-in, at the kiosk or elsewhere).
     */
    async setPassword(account: DirectoryAccount, next: string, { mustChange }: { mustChange: boolean }): Promise<'ok' | { refused: PasswordRefusal }> {
      return asService(async (client) => {
        try {
          await client.exop(PASSWORD_MODIFY, passwordModifyRequest({ entry: account.dn, next }));
        } catch (error) {
          const refusal = refusalOf(error);
          if (refusal) return { refused: refusal };
          throw error;
        }
        // The policy marks an administrator's change for a forced change (pwdMustChange); a reset's password is the customer's own.
        const marked = toAccount((await client.search(account.dn, { scope: 'base', attributes: read })).searchEntries[0]!)?.mustChange ?? false;
        if (marked !== mustChange) {
          const change = mustChange
            ? new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdReset', values: ['TRUE'] }) })
            : new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdReset' }) });
          await client.modify(account.dn, change);
        }
        return 'ok' as const;
      });
    },

    /**
     * A new ID (and, when given, a new contact address). Where the ID is the
     * entry's name the entry is renamed (modrdn), else the attribute changes.
     * 'taken': the directory holds the ID already (its unique overlay decides
     * a race; the check before spares the common case a refused write).
     */
    async changeId(account: DirectoryAccount, newId: string, contactMail?: string): Promise<'ok' | 'taken'> {
      if (await findById(newId)) return 'taken';
      return asService(async (client) => {
        const [rdn, ...parent] = splitDn(account.dn);
        try {
          if (rdn!.toLowerCase().startsWith(`${attributes.id.toLowerCase()}=`)) {
            const renamed = [`${attributes.id}=${escapeDnValue(newId)}`, ...parent].join(',');
            await client.modifyDN(account.dn, renamed);
            account = { ...account, dn: renamed };
          } else {
            await client.modify(account.dn, new Change({ operation: 'replace', modification: new Attribute({ type: attributes.id, values: [newId] }) }));
          }
        } catch (error) {
          if (error instanceof ConstraintViolationError || error instanceof AlreadyExistsError) return 'taken';
          throw error;
        }
        if (contactMail !== undefined) {
          await client.modify(account.dn, new Change({ operation: 'replace', modification: new Attribute({ type: attributes.mail, values: [contactMail] }) }));
        }
        return 'ok' as const;
      });
    },

    async close(): Promise<void> {
      for (const client of idle.splice(0)) await client.unbind().catch(() => undefined); // closing: a dropped connection is fine
    },
  };
}

export type LdapDirectory = ReturnType<typeof createLdapDirectory>;
