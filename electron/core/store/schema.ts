import type { Generated } from 'kysely';
import { procedureKinds, type ProcedureKind } from '../../../shared/contract/models';

/**
 * The states and kinds a column may hold: the tables' CHECK constraints
 * (tables.ts), the rows' schemas and the query builder's types all read them from here.
 */
export const codeStates = ['active', 'used', 'superseded', 'cancelled', 'expired'] as const;
export type CodeState = (typeof codeStates)[number];
export const outboxStates = ['pending', 'sent', 'failed', 'expired'] as const;
export type OutboxState = (typeof outboxStates)[number];
export { procedureKinds, type ProcedureKind };
/** What a staff member may do: staff the counter's tasks, a manager also the settings, staff accounts, the audit trail and quitting. */
export const staffRoles = ['staff', 'manager'] as const;
export type StaffRole = (typeof staffRoles)[number];
/** The changes an account store outside the kiosk's (a directory) makes, journalled until the kiosk has recorded them. */
export const journalledKinds = ['id_change', 'password_change', 'password_reset', 'temporary_password'] as const satisfies readonly ProcedureKind[];
export type JournalledKind = (typeof journalledKinds)[number];
/** What a customer's procedure did at a step: began, reached it, finished there, or was left there (and why). */
export const funnelEvents = ['started', 'reached', 'completed', 'abandoned'] as const;
export type FunnelEvent = (typeof funnelEvents)[number];

/**
 * The store's tables as the query builder sees them (tables.ts creates them). Times are epoch milliseconds
 * (INTEGER in SQLite, BIGINT in PostgreSQL, read back as numbers by both);
 * flags are 0/1 integers on both, so a row reads the same from either engine.
 */
export interface StoreSchema {
  customers: {
    id: Generated<number>;
    itscom_id: string;
    itscom_id_key: string;
    is_legacy_id: number;
    password_hash: string;
    contact_mail: string;
    /** Null for a directory entry without the kiosk's attributes: the top page leaves them out. */
    plan_name: string | null;
    renewal_from: string | null;
    renewal_to: string | null;
    contract_start: string | null;
    created_at: number;
    updated_at: number;
    /** Set by a password change (not by a rehash): other kiosks end the customer's sessions. */
    password_changed_at: number | null;
    /** Set while the password is a staff-issued temporary one: when it stops working (it must be replaced at sign-in). */
    temporary_password_expires_at: number | null;
    /** 1 for the rows the demo seeded: a store holding any other customer never runs in demo mode. */
    demo_seeded: Generated<number>;
    /** Moves on with every change of the password or the ID: a commit applies only to the version its session began with. */
    credential_version: Generated<number>;
    /** The provider's directory entry (entryUUID) the row stands for; null for the kiosk's own accounts. */
    directory_entry: string | null;
  };
  verification_codes: {
    id: Generated<number>;
    customer_id: number;
    session_id: string;
    new_id_key: string;
    code_hash: string;
    created_at: number;
    expires_at: number;
    wrong_attempts: Generated<number>;
    state: Generated<CodeState>;
  };
  procedures: {
    id: Generated<number>;
    customer_id: number | null;
    kind: ProcedureKind;
    outcome: string;
    at: number;
    rating: number | null;
    kiosk_id: string | null;
  };
  outbox: {
    id: Generated<number>;
    kind: string;
    procedure_id: number | null;
    to_address: string;
    from_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    message_id: string;
    has_secret_slot: Generated<number>;
    state: Generated<OutboxState>;
    attempts: Generated<number>;
    next_attempt_at: number;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
    claimed_by: string | null;
    claim_until: number | null;
    /** The kiosk that queued it: the only one that may send a mail whose secret it alone holds. */
    kiosk_id: string | null;
  };
  kiosk_settings: {
    kiosk_id: string;
    key: string;
    value: string;
  };
  support_calls: {
    id: Generated<number>;
    at: number;
    resolved_at: number | null;
    kiosk_id: string | null;
  };
  kiosks: {
    id: string;
    shop: string;
    name: string;
    version: string;
    started_at: number;
    last_beat_at: number;
    stopped: Generated<number>;
    in_use: Generated<number>;
    printer_state: Generated<string>;
    printer_reasons: Generated<string>;
    outbox_backlog: Generated<number>;
    /** Host and data dir of the process that registered this identity last. */
    instance: string | null;
  };
  attempt_counters: {
    subject: string;
    failures: number;
    window_started_at: number;
    locked_until: number | null;
    in_flight_until: number | null;
    /** The shop of the kiosk where the lock began: only its staff may lift it early. */
    locked_in_shop: Generated<string | null>;
    /** How many locks in a row the subject has had: the next one lasts longer (a staff number's growing lock). */
    lock_level: Generated<number>;
  };
  rate_events: {
    subject: string;
    at: number;
  };
  /** A shop's staff: the number on their card, a PIN hashed as customers' passwords are, a role. */
  staff_members: {
    id: Generated<number>;
    shop: string;
    number: string;
    name: string;
    role: StaffRole;
    pin_hash: string;
    /** A manager reset the PIN (or it came from the shared PIN of before): a new one is set at the next entry. */
    must_set_pin: Generated<number>;
    active: Generated<number>;
    /** Why an inactive member is: 'manager' (deactivated), 'failures' (too many wrong PINs), null while active. */
    inactive_reason: string | null;
    /** Wrong PINs against this number since its last entry: told at the next entry. */
    failures_since_entry: Generated<number>;
    created_at: number;
    last_used_at: number | null;
    pin_changed_at: number;
  };
  /** Every staff action, append-only, each row chained to the one before it of its shop by a hash. */
  audit_trail: {
    id: Generated<number>;
    shop: string;
    kiosk_id: string;
    at: number;
    staff_number: string | null;
    action: string;
    /** The customer's ID where there is one. */
    subject: string | null;
    outcome: string;
    /** JSON: what else the action says (secrets masked). */
    detail: string;
    prev_hash: string;
    hash: string;
    /**
     * The row's place in its shop's chain since the first row (1, 2, …; null
     * for rows written before store version 14): what an anchor outside the
     * store (the system log, the day's report) names with the row's hash.
     */
    seq: Generated<number | null>;
  };
  /** A change begun in an account store outside the kiosk's (a directory), until the kiosk's transaction records it. */
  account_changes: {
    id: Generated<number>;
    customer_id: number;
    kind: JournalledKind;
    /** JSON: what tells later whether the change happened, and what recording it needs (account/change-journal.ts); never a secret. */
    details: string;
    kiosk_id: string;
    started_at: number;
  };
  /** A shop's own settings (its opening hours), shared by its kiosks: key → JSON, parsed by the reader. */
  shop_settings: {
    shop: string;
    key: string;
    value: string;
  };
  /**
   * Where customers' procedures went, one row per event: kind, step, what
   * happened there, and why one was left (idle, back, sign-out, window).
   * Counted for the staff overview and the day's report; never a customer.
   */
  funnel_events: {
    id: Generated<number>;
    shop: string;
    kiosk_id: string;
    at: number;
    kind: string;
    step: string;
    event: FunnelEvent;
    /** Why an abandoned procedure was left; '' for the other events. */
    reason: string;
  };
}
