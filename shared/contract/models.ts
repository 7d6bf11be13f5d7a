import type { OpeningHours } from '../domain/opening-hours';
import type { FunnelView } from '../domain/funnel';

/** What the audit trail records: the two changes, the counter's resets, temporary passwords and ID look-ups. */
export const procedureKinds = ['id_change', 'password_change', 'password_reset', 'temporary_password', 'id_lookup'] as const;
export type ProcedureKind = (typeof procedureKinds)[number];

/** What the renderer may know about the signed-in customer. Never a secret. */
export interface CustomerSummary {
  itscomId: string;
  /** A legacy ID is not a mail address and must be changed (docs/product.md, "1. マイページトップ"). */
  isLegacyId: boolean;
  /** Signed in with a staff-issued temporary password: a new password must be set before anything else. */
  mustChangePassword: boolean;
}

/** A plan's length so far, in whole years and months. */
export interface PlanDuration {
  years: number;
  months: number;
}

/** Everything the My Page top and account screens show. */
export interface AccountOverview extends Omit<CustomerSummary, 'mustChangePassword'> {
  /** Each absent where the customer's directory entry does not have it: the screen leaves it out. */
  planName?: string;
  /** Renewal window as year-month pairs, e.g. 2025-01 … 2025-03 (both, or neither). */
  renewalFrom?: { year: number; month: number };
  renewalTo?: { year: number; month: number };
  planDuration?: PlanDuration;
}

export type SessionEndReason = 'signed_out' | 'idle' | 'replaced';

/** A calendar day on the kiosk's clock. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** Step 1 of the ID change: what the screen needs before the customer types. */
export interface IdChangeStart {
  currentId: string;
  /** Signed in more than 15 minutes ago: the password must be entered again first. */
  needsReauth: boolean;
  /** The sender address the customer must be able to receive from. */
  mailFrom: string;
  /** The embedded demo mailbox is on and can be opened from the code step. */
  demoMailbox: boolean;
}

/** When a mailed code went out, when 「認証コードを再送する」 may be used (epoch ms), and when the code expires. */
export interface CodeTimes {
  sentAt: number;
  resendAvailableAt: number;
  expiresAt: number;
}

export interface CodeSent extends CodeTimes {
  sentTo: string;
  /** Outbox id of the code mail, for its delivery status events. */
  mailId: number;
}

/** What the reset's screens need of the kiosk before the customer types. */
export interface PasswordResetStart {
  /** The embedded demo mailbox is on and can be opened from the code step. */
  demoMailbox: boolean;
}

/** The reset's step 1 answer: the same for every ID, so it names no address and no mail. */
export type ResetCodeSent = CodeTimes;

/** A staff-issued temporary password as the staff screen shows it: never the password itself (that is on the slip only). */
export interface TemporaryPasswordIssued {
  itscomId: string;
  expiresAt: number;
  /** The slip could not be printed (the printer's problem); 「もう一度印刷」 prints it from memory. */
  printProblem: string | null;
}

/** 「iTSCOM IDの確認」: the IDs registered with one contact address. */
export interface IdLookup {
  itscomIds: string[];
}

export interface CodeVerified {
  newItscomId: string;
  currentId: string;
}

/** The completion screen's content: lives only in this customer's session. */
export interface IdChangeCompletion {
  newItscomId: string;
  changedOn: CalendarDay;
  contactChanged: boolean;
}

export interface PasswordChangeStart {
  itscomId: string;
}

/** The password change's completion: memory only, this session only (docs/product.md, "6. 印刷用画面"). */
export interface PasswordChangeCompletion {
  newPassword: string;
  changedOn: CalendarDay;
}

/** A message received by the embedded demo mailbox. */
export interface DemoMail {
  id: number;
  /** The mail's Message-ID: a customer is shown only the mails of their own procedure. */
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  receivedAt: number;
}

export type MailState = 'sending' | 'sent' | 'retrying' | 'failed';

export interface EventPayloads {
  'session.ended': { reason: SessionEndReason };
  'mail.status': { mailId: number; state: MailState };
}

/** What every screen needs to know about the kiosk itself. */
export interface KioskInfo {
  idleSeconds: number;
  idleWarningSeconds: number;
  /** Staff mode (and its PIN dialog) closes after this long without a touch; the core closes it too. */
  staffIdleSeconds: number;
  /** A headset is the speech's private output: keys of a secret field may be said there (and only there). */
  privateSpeech: boolean;
  demo: boolean;
}

/** What the customer screens show before anyone starts: a printer that cannot print, and the shop's hours. */
export interface KioskStatus {
  /** False when a slip could not be printed now (「現在、控えを印刷できません。…」); the procedures still work. */
  canPrint: boolean;
  open: boolean;
  /** When the counter opens next (epoch ms), while it is closed. */
  nextOpening: number | null;
}

export interface PrinterStatusView {
  name: string | null;
  state: 'idle' | 'printing' | 'stopped' | 'unknown' | 'none';
  reasons: string[];
  problem: string | null;
}

/** One kiosk of the shop as its heartbeat shows it (「店舗の端末」). */
export interface ShopKioskView {
  name: string;
  /** This kiosk, the one staff stand at. */
  self: boolean;
  /** Beat within the last three heartbeats and not stopped. */
  online: boolean;
  /** A customer is signed in there. */
  inUse: boolean;
  printerState: PrinterStatusView['state'] | string;
  printerReasons: string[];
  /** Why that kiosk's printer cannot print a slip, judged from its heartbeat as this kiosk judges its own. */
  printerProblem: string | null;
  outboxBacklog: number;
  lastBeatAt: number;
  version: string;
}

/** Staff mode's screen: settings, the shop's kiosks, today's procedures, mail, printer, locks and calls. No secret. */
export interface StaffOverview {
  /** This kiosk and its shop. */
  kiosk: { name: string; shop: string };
  /** Who is in staff mode at this window (「スタッフ: 1001 山田」). */
  member: StaffIdentity | null;
  /** Every kiosk of the shop (on the embedded store: this one). */
  kiosks: ShopKioskView[];
  settings: {
    idleSeconds: number;
    printer: string;
    paperSize: 'a4' | 'roll80';
    smtpUrl: string;
    mailFrom: string;
    shopName: string;
  };
  printers: string[];
  printer: PrinterStatusView;
  /** The shop's procedures today; `kiosk` names the kiosk that did each. */
  procedures: { at: number; kind: ProcedureKind; outcome: string; rating: number | null; kiosk: string | null }[];
  /** Today's count of each kind. */
  counts: Record<ProcedureKind, number>;
  mail: { id: number; kind: string; to: string; state: 'pending' | 'failed'; attempts: number; lastError: string | null; createdAt: number; kiosk: string | null }[];
  lockedIds: { itscomId: string; lockedUntil: number }[];
  supportCalls: { id: number; at: number; kiosk: string | null }[];
  demoMailbox: boolean;
  /** Settings staff must fix (a stored relay URL that is no longer usable: mail waits meanwhile). */
  warnings: 'stored_relay_invalid'[];
  /**
   * The relay as IT set it up: the CA file trusted for it (KIOSK_SMTP_CA_FILE, read-only
   * here), and why it cannot be used now (certificate, name, STARTTLS, login, connection), if so.
   */
  relay: { caFile: string | null; problem: string | null };
  /** The shop's opening hours (null: none set, always open), and whether it is open now. */
  openingHours: OpeningHours | null;
  open: boolean;
  /** Today's customer procedures of the shop: started, each step reached, completed, and where (and why) they were left. */
  funnel: FunnelView[];
  /**
   * Staff numbers that wrong PINs locked today (a manager sees the shop's, a
   * member their own): how many locks, and until when the number is locked now (null: not now).
   */
  numberLocks: { number: string; name: string; locksToday: number; lockedUntil: number | null }[];
}

/** A member of the shop's staff as staff mode names them (the header: 「スタッフ: 1001 山田」). */
export interface StaffIdentity {
  number: string;
  name: string;
  role: 'staff' | 'manager';
}

/** Staff mode entered: who, whether a new PIN must be set first, and the wrong PINs against the number since the last entry. */
export interface StaffEntered extends StaffIdentity {
  mustSetPin: boolean;
  failuresSinceEntry: number;
}

/** A member as a manager's list shows them: never a PIN. */
export interface StaffMemberView extends StaffIdentity {
  active: boolean;
  inactiveReason: 'manager' | 'failures' | null;
  mustSetPin: boolean;
  lastUsedAt: number | null;
}

/** One row of the audit trail as a manager sees it: no password or code, ever (none is recorded). */
export interface AuditRowView {
  id: number;
  at: number;
  kiosk: string;
  staffNumber: string | null;
  action: string;
  subject: string | null;
  outcome: string;
}

/** A page of the audit trail, newest first, and how far the chain of the shop was verified. */
export interface AuditPage {
  rows: AuditRowView[];
  /** The id to ask the next page with, if there is one. */
  nextBeforeId: number | null;
  /** `cut`: the chain holds but misses rows at one end (or was rewritten: `missing` null), found by its anchors outside the store. */
  verified: { holds: true; upTo: number | null } | { holds: false; brokenAt: number } | { holds: false; cut: { end: 'newest' | 'oldest'; missing: number | null } };
}

/** A run of text, with its reading in hiragana where it holds kanji (shown as `<ruby>`). */
export interface FuriganaSegment {
  text: string;
  reading?: string;
}
