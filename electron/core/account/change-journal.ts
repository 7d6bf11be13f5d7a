import { z } from 'zod';
import type { SessionRegistry } from '../auth/session-registry';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import type { JournalledChange } from '../store/account-changes-repo';
import type { Customer } from '../store/customers-repo';
import type { Repos, Store } from '../store/store';
import { ItscomIdTakenError } from '../store/store-errors';
import type { AccountStore } from './account-store';
import { recordIdChange, recordPassword } from './change-records';

/** What a journal row says about its change: what tells whether it happened, and what recording it needs. Never a secret. */
export const pendingChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password_change'), passwordMark: z.string().nullable() }),
  z.object({ kind: z.literal('password_reset'), passwordMark: z.string().nullable() }),
  z.object({ kind: z.literal('temporary_password'), passwordMark: z.string().nullable(), expiresAt: z.number().int() }),
  z.object({ kind: z.literal('id_change'), newItscomId: z.string().min(1), setAsContact: z.boolean() }),
]);
export type PendingChange = z.infer<typeof pendingChangeSchema>;
/** A change as a procedure announces it: the journal reads the password's mark itself. */
export type ChangeToMake =
  | { kind: 'password_change' | 'password_reset' }
  | { kind: 'temporary_password'; expiresAt: number }
  | { kind: 'id_change'; newItscomId: string; setAsContact: boolean };

/**
 * A change a kiosk journals and no kiosk has recorded: left by a kiosk that
 * stopped between the directory's change and its own transaction once it is
 * this old (no procedure's change takes minutes: the directory's operations time out in seconds).
 */
export const LEFT_BEHIND_AFTER_MS = 2 * 60_000;

/** The recording transaction did not run, but the change is made: the journal records it later. */
export const RECORDED_LATER = Symbol('recorded later');

/** One change in progress: how the procedure ends its journal row. */
export interface JournalEntry {
  /**
   * Runs the recording transaction `work`, which removes the journal row with
   * what it writes. A change made outside the kiosk's store stays made when
   * the store fails now: the row is left for the journal to record, and
   * RECORDED_LATER tells the procedure to answer as done. Without a journal
   * (the kiosk's own store) an error is the caller's, as for any transaction.
   */
  record<T>(work: (tx: Repos) => Promise<T>): Promise<T | typeof RECORDED_LATER>;
  /** The account store refused the change: nothing to record. */
  drop(): Promise<void>;
  /** The change was made but its procedure cannot record it (the customer has gone): recorded now, as the journal would later. */
  recordNow(): Promise<void>;
}

export interface ChangeJournalDeps {
  store: Pick<Store, 'accountChanges' | 'customers' | 'transaction'>;
  accounts: AccountStore;
  sessions: Pick<SessionRegistry, 'endCustomer'>;
  mailer: Pick<OutboxWorker, 'nudge'>;
  log: Logger;
  now: () => number;
  mailFrom: () => string;
}

/**
 * The order of effects with an account store outside the kiosk's (a
 * directory): the journal row first (in the kiosk's store), then the change
 * in the directory, then one transaction that records the change (the
 * customer's row, the audit row, the mails) and removes the journal row. A
 * kiosk that dies after the directory's change leaves the row: at its next
 * start, or at any kiosk's purge round once LEFT_BEHIND_AFTER_MS have passed,
 * the directory is asked whether the change was made (the password's
 * pwdChangedTime moved on, the entry has the new ID) and it is recorded with
 * its notices, or the row is dropped. With the kiosk's own store, the change
 * is made in the recording transaction itself: nothing is journalled.
 */
export function createChangeJournal(deps: ChangeJournalDeps) {
  const { store, accounts, log, now } = deps;
  const external = accounts.external;

  /** Records a made change in `tx` as the procedure would have (the credentials as they are now: the directory has decided). */
  async function record(tx: Repos, customerId: number, change: PendingChange): Promise<void> {
    const recording = { customerId, at: now(), mailFrom: deps.mailFrom() };
    if (change.kind === 'id_change') {
      await recordIdChange(tx, { ...recording, newItscomId: change.newItscomId, setAsContact: change.setAsContact });
      return;
    }
    const temporaryUntil = change.kind === 'temporary_password' ? { temporaryUntil: change.expiresAt } : {};
    await recordPassword(tx, change.kind, { ...recording, stored: external!.storedPassword, ...temporaryUntil });
  }

  /** Records a journalled change unless another kiosk has; its sessions end as the procedure's would. */
  async function recordLeftBehind(id: number, customerId: number, change: PendingChange): Promise<boolean> {
    const recorded = await store.transaction(async (tx) => {
      if (!(await tx.accountChanges.end(id))) return false;
      await record(tx, customerId, change);
      return true;
    });
    if (!recorded) return false;
    if (change.kind !== 'id_change') deps.sessions.endCustomer(customerId);
    deps.mailer.nudge();
    return true;
  }

  /** What happened to one row left behind. */
  async function settle(row: JournalledChange): Promise<'recorded' | 'not_made' | 'gone'> {
    const parsed = pendingChangeSchema.safeParse(safeJson(row.details));
    const customer = await store.customers.findById(row.customerId);
    if (!external) return 'gone';
    if (!parsed.success || parsed.data.kind !== row.kind || !customer) {
      // Nothing can be told of it any more: kept, it would be asked about forever.
      log.error('journalled account change dropped: unreadable, or its customer is gone', { journalId: row.id, kind: row.kind });
      await store.accountChanges.end(row.id);
      return 'gone';
    }
    if (!(await external.happened(customer, parsed.data))) {
      await store.accountChanges.end(row.id);
      log.info('journalled account change was not made: nothing recorded', { journalId: row.id, kind: row.kind, customerId: row.customerId });
      return 'not_made';
    }
    try {
      if (!(await recordLeftBehind(row.id, row.customerId, parsed.data))) return 'gone';
    } catch (error) {
      if (!(error instanceof ItscomIdTakenError)) throw error;
      // The kiosk's store gives the ID to another row: the directory (the ID's owner) decides again at the next look-up.
      log.error('journalled ID change not recorded: the kiosk\'s store holds the ID for another customer', { journalId: row.id });
      await store.accountChanges.end(row.id);
      return 'gone';
    }
    log.warn('account change recorded after its kiosk stopped', { journalId: row.id, kind: row.kind, customerId: row.customerId, kiosk: row.kioskId });
    return 'recorded';
  }

  return {
    /** Journals `change` before the account store makes it; nothing where the account store is the kiosk's own. */
    async begin(customer: Customer, change: ChangeToMake): Promise<JournalEntry> {
      if (!external) return { record: (work) => store.transaction(work), drop: async () => undefined, recordNow: async () => undefined };
      const pending: PendingChange = change.kind === 'id_change' ? change : { ...change, passwordMark: await external.passwordMark(customer) };
      const id = await store.accountChanges.begin({ customerId: customer.id, kind: change.kind, details: JSON.stringify(pending), startedAt: now() });
      return {
        async record(work) {
          try {
            return await store.transaction(async (tx) => {
              const result = await work(tx);
              // Gone only if a kiosk took this one for stopped and recorded the change: its notices are out already.
              if (!(await tx.accountChanges.end(id))) throw new Error('the journalled change was recorded by another kiosk');
              return result;
            });
          } catch (error) {
            log.error('account change made but not recorded: the journal records it later', {
              journalId: id,
              kind: change.kind,
              customerId: customer.id,
              error: error instanceof Error ? error.message : 'unknown',
            });
            return RECORDED_LATER;
          }
        },
        drop: async () => void (await store.accountChanges.end(id)),
        recordNow: async () => void (await recordLeftBehind(id, customer.id, pending)),
      };
    },

    /**
     * Settles the changes left behind: at start this kiosk's own (it has just
     * started, so none is in progress) and any kiosk's older than
     * LEFT_BEHIND_AFTER_MS; at each purge round the latter alone.
     */
    async settleLeftBehind({ ownKiosk }: { ownKiosk: boolean }): Promise<Record<'recorded' | 'not_made' | 'gone', number>> {
      const counts = { recorded: 0, not_made: 0, gone: 0 };
      if (!external) return counts;
      for (const row of await store.accountChanges.leftBehind({ ownKiosk, startedBefore: now() - LEFT_BEHIND_AFTER_MS })) {
        counts[await settle(row)] += 1;
      }
      return counts;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type ChangeJournal = ReturnType<typeof createChangeJournal>;
