import type { IdLookup, TemporaryPasswordIssued } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import type { SessionRegistry } from '../auth/session-registry';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import type { PrintService } from '../print/print-service';
import type { SlipContent } from '../print/slip';
import type { Store } from '../store/store';
import { newTemporaryPassword } from './temporary-password';
import type { AccountStore } from '../account/account-store';
import type { ChangeJournal } from '../account/change-journal';
import { recordPassword } from '../account/change-records';

/** A temporary password works this long, and only to set a new one. */
export const TEMPORARY_PASSWORD_TTL_MS = 24 * 60 * 60_000;

export interface CounterRecoveryDeps {
  store: Pick<Store, 'customers' | 'transaction'>;
  /** Where customers' accounts live (the kiosk's own store, or the provider's directory). */
  accounts: AccountStore;
  journal: ChangeJournal;
  sessions: SessionRegistry;
  print: Pick<PrintService, 'printForStaff' | 'discardSlips' | 'readiness'>;
  /** A staff action in the audit trail, under the number of the member in staff mode at the window. */
  record: (windowId: string, action: 'temporary_password' | 'id_lookup', fields: { subject?: string | null; outcome: string; detail?: Record<string, unknown> }) => Promise<void>;
  /** Whether the window is still in staff mode: a call that awaited keeps nothing once staff mode closed. */
  isStaff: (windowId: string) => boolean;
  mailer: Pick<OutboxWorker, 'nudge'>;
  log: Logger;
  now: () => number;
  mailFrom: () => string;
}

const printProblem = (result: KioskResult<unknown>) => (result.ok ? null : result.code);

/**
 * What staff do for a customer at the counter who cannot sign in, after
 * checking an identity document: issue a temporary password (on a slip only)
 * and look up the IDs of a contact address (printed one by one). Each is
 * audited. What a staff window printed or found lives in memory until staff
 * mode closes, for 「もう一度印刷」, and never reaches the screen as a secret.
 */
export function createCounterRecoveryService(deps: CounterRecoveryDeps) {
  const { store, sessions, print, mailer, log, now } = deps;
  /** Each staff window's last temporary-password slip, to print again if the printer failed. */
  const slips = new Map<string, SlipContent>();
  /** Each staff window's last look-up: only these IDs may be printed from it. */
  const lookups = new Map<string, string[]>();

  return {
    async issueTemporaryPassword(windowId: string, itscomId: string): Promise<KioskResult<TemporaryPasswordIssued>> {
      const customer = await deps.accounts.find(itscomIdKey(itscomId));
      if (!customer) return fail('invalid_input', { field: 'itscomId', reason: 'staff.errors.unknownId' });
      // The slip is the temporary password's only record: with a printer that cannot print, nothing changes.
      const printer = await print.readiness();
      if (!printer.ok) return printer;
      const temporaryPassword = newTemporaryPassword(customer.itscomId);
      const at = now();
      const expiresAt = at + TEMPORARY_PASSWORD_TTL_MS;
      const entry = await deps.journal.begin(customer, { kind: 'temporary_password', expiresAt });
      const set = await deps.accounts.setPassword(customer, temporaryPassword, { by: 'staff-temporary' });
      // A generated password the account store's policy refuses is the policy's misfit with the kiosk, not the customer's.
      if ('refused' in set) {
        await entry.drop();
        throw new Error(`the account store refused a temporary password (${set.refused})`);
      }
      // Staff replace whatever the credentials are now (read in the transaction); a lockout from forgotten passwords ends with it.
      await entry.record((tx) =>
        recordPassword(tx, 'temporary_password', { customerId: customer.id, at, mailFrom: deps.mailFrom(), stored: set.stored, temporaryUntil: expiresAt }),
      );
      await deps.record(windowId, 'temporary_password', { subject: customer.itscomId, outcome: 'issued', detail: { identityChecked: true } });
      // Whoever is signed in with the old password is out: here now, elsewhere at the next session check.
      sessions.endCustomer(customer.id, windowId);
      log.info('temporary password issued by staff', { customerId: customer.id });
      mailer.nudge();
      const slip: SlipContent = { kind: 'temporary_password', itscomId: customer.itscomId, temporaryPassword, expiresAt };
      if (deps.isStaff(windowId)) slips.set(windowId, slip);
      const printed = await print.printForStaff(windowId, slip);
      return ok({ itscomId: customer.itscomId, expiresAt, printProblem: printProblem(printed) });
    },

    /** 「もう一度印刷」: the window's last temporary-password slip, from memory. */
    async reprintTemporaryPassword(windowId: string): Promise<KioskResult<{ printProblem: string | null }>> {
      const slip = slips.get(windowId);
      if (!slip) return fail('out_of_order');
      return ok({ printProblem: printProblem(await print.printForStaff(windowId, slip)) });
    },

    async lookUpIds(windowId: string, contactMail: string): Promise<KioskResult<IdLookup>> {
      const found = await deps.accounts.findByContactMail(contactMail);
      const at = now();
      await store.transaction(async ({ procedures }) => {
        if (found.length === 0) await procedures.record({ customerId: null, kind: 'id_lookup', outcome: 'not_found', at });
        for (const customer of found) await procedures.record({ customerId: customer.id, kind: 'id_lookup', outcome: 'found', at });
      });
      const itscomIds = found.map((customer) => customer.itscomId);
      // The contact address asked about is not kept: the IDs found are the subject, "not found" the outcome.
      await deps.record(windowId, 'id_lookup', { subject: itscomIds.join(' ') || null, outcome: found.length > 0 ? 'found' : 'not_found', detail: { identityChecked: true } });
      if (!deps.isStaff(windowId)) return fail('not_staff');
      lookups.set(windowId, itscomIds);
      log.info('ids looked up by staff', { found: itscomIds.length });
      return ok({ itscomIds });
    },

    /** 「印刷」 beside a found ID: a slip with that ID alone. */
    async printId(windowId: string, itscomId: string): Promise<KioskResult<{ printProblem: string | null }>> {
      if (!lookups.get(windowId)?.includes(itscomId)) return fail('out_of_order');
      return ok({ printProblem: printProblem(await print.printForStaff(windowId, { kind: 'itscom_id', itscomId })) });
    },

    /** Staff mode closed: what it printed and found is forgotten, and the demo printer's copies go. */
    forget(windowId: string): void {
      slips.delete(windowId);
      lookups.delete(windowId);
      // discardSlips never rejects: a copy already gone is fine.
      void print.discardSlips(windowId);
    },
  };
}

export type CounterRecoveryService = ReturnType<typeof createCounterRecoveryService>;
