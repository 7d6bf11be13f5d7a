import { calendarDay } from '../../../shared/domain/calendar-day';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { signInSubject } from '../auth/sign-in-service';
import { queueMail } from '../mail/queue-mail';
import { contactChangedMail, idChangedMail, passwordChangedMail, passwordResetMail, temporaryPasswordMail } from '../mail/templates';
import type { Customer } from '../store/customers-repo';
import type { Repos } from '../store/store';
import { CredentialsChangedError, ItscomIdTakenError } from '../store/store-errors';

/**
 * How the kiosk records an account change, in the caller's transaction: the
 * customer's row, the audit row and every mail about it. The procedures call
 * these once the account store has made the change; the change journal calls
 * them for a change whose kiosk stopped before it could (change-journal.ts).
 */
interface Recording {
  customerId: number;
  at: number;
  mailFrom: string;
  /**
   * The credentials the procedure began with: nothing is written (CredentialsChangedError)
   * when the store has moved on. Absent: whatever they are now (a reset and staff
   * replace them; a change the directory has made already is recorded as made).
   */
  ifVersion?: number;
}

async function customerOf(tx: Repos, id: number): Promise<Customer> {
  const customer = await tx.customers.findById(id);
  if (!customer) throw new Error('customer vanished');
  return customer;
}

type PasswordKind = 'password_change' | 'password_reset' | 'temporary_password';

/** A new password (its hash, or a directory's marker); a temporary one stops working at `temporaryUntil`. Returns the procedure's id. */
export async function recordPassword(tx: Repos, kind: PasswordKind, r: Recording & { stored: string; temporaryUntil?: number }): Promise<number> {
  const customer = await customerOf(tx, r.customerId);
  const check = { ifVersion: r.ifVersion ?? customer.credentialVersion, ...(r.temporaryUntil === undefined ? {} : { temporaryUntil: r.temporaryUntil }) };
  if (!(await tx.customers.changePassword(customer.id, r.stored, r.at, check))) throw new CredentialsChangedError();
  // A reset and staff's temporary password follow a check of who the customer is: a lockout from forgotten passwords ends with them.
  if (kind !== 'password_change') await tx.attempts.clear(signInSubject(itscomIdKey(customer.itscomId)));
  const outcome = kind === 'temporary_password' ? 'issued_by_staff' : 'completed';
  const procedureId = await tx.procedures.record({ customerId: customer.id, kind, outcome, at: r.at });
  const day = calendarDay(r.at);
  const notice = {
    password_change: { content: passwordChangedMail(day), kind: 'password_change_confirmation' },
    password_reset: { content: passwordResetMail(day), kind: 'password_reset_notice' },
    temporary_password: { content: temporaryPasswordMail(day), kind: 'temporary_password_notice' },
  }[kind];
  await queueMail(tx.outbox, notice.content, { kind: notice.kind, to: customer.contactMail, from: r.mailFrom, procedureId }, r.at);
  return procedureId;
}

/**
 * A new ID (and, with `setAsContact`, the contact address): the confirmation
 * to the address in use after it, and a notice to the one before when it changed.
 * ItscomIdTakenError when another customer of the store holds the ID.
 */
export async function recordIdChange(
  tx: Repos,
  r: Recording & { newItscomId: string; setAsContact: boolean },
): Promise<{ procedureId: number; contactChanged: boolean }> {
  const customer = await customerOf(tx, r.customerId);
  const key = itscomIdKey(r.newItscomId);
  const holder = await tx.customers.findByKey(key);
  if (holder && holder.id !== customer.id) throw new ItscomIdTakenError();
  const contactMail = r.setAsContact ? r.newItscomId : customer.contactMail;
  const contactChanged = contactMail !== customer.contactMail;
  // A registration that raced this one past the check above ends here, as ItscomIdTakenError.
  const change = { itscomId: r.newItscomId, itscomIdKey: key, isLegacyId: false, contactMail };
  if (!(await tx.customers.changeItscomId(customer.id, change, r.at, { ifVersion: r.ifVersion ?? customer.credentialVersion }))) {
    throw new CredentialsChangedError();
  }
  const procedureId = await tx.procedures.record({ customerId: customer.id, kind: 'id_change', outcome: 'completed', at: r.at });
  const day = calendarDay(r.at);
  await queueMail(tx.outbox, idChangedMail(r.newItscomId, day), { kind: 'id_change_confirmation', to: contactMail, from: r.mailFrom, procedureId }, r.at);
  if (contactChanged) {
    await queueMail(tx.outbox, contactChangedMail(day), { kind: 'contact_change_notice', to: customer.contactMail, from: r.mailFrom, procedureId }, r.at);
  }
  return { procedureId, contactChanged };
}
