import type { CodeChallenge } from '../codes/code-challenge';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import type { Store } from '../store/store';
import type { SessionRegistry } from './session-registry';
import type { AccountStore } from '../account/account-store';
import type { ChangeJournal } from '../account/change-journal';

/** What every customer procedure stands on: the windows' sessions, the mailer, the log and the shop's clock. */
export interface ProcedureDeps {
  /** Where customers' accounts live (the kiosk's own store, or the provider's directory). */
  accounts: AccountStore;
  /** Journals a change made outside the kiosk's store until the kiosk has recorded it. */
  journal: ChangeJournal;
  sessions: SessionRegistry;
  mailer: Pick<OutboxWorker, 'nudge'>;
  log: Logger;
  now: () => number;
  /** The sender of its mails, read at each use: staff may change it. */
  mailFrom: () => string;
}

/** ...and what a procedure that mails a code adds (the ID change, the password reset). */
export interface CodeProcedureDeps extends ProcedureDeps {
  store: Pick<Store, 'customers' | 'codes' | 'transaction'>;
  codes: CodeChallenge;
  demoMailbox: () => boolean;
}
