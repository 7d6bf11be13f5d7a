import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { Customer, CustomersRepo } from '../store/customers-repo';
import type { CustomerSession, SessionRegistry } from './session-registry';

/** The signed-in customer of a window and where they are in a procedure. */
export interface ProcedureContext<P> {
  session: CustomerSession;
  customer: Customer;
  procedure: P | undefined;
}

/**
 * Where each customer session is in one procedure (ID change, password change):
 * memory only, dropped with the session, so nothing of it outlives the customer.
 */
export class ProcedureSessions<P> {
  private readonly bySession = new Map<string, P>();

  constructor(
    private readonly sessions: SessionRegistry,
    private readonly customers: CustomersRepo,
    onSessionEnd?: (session: CustomerSession) => void | Promise<void>,
  ) {
    sessions.onEnd((session) => {
      if (!session) return;
      this.bySession.delete(session.sessionId);
      // Ends with the session whatever the store says: onSessionEnd logs its own failure.
      void Promise.resolve(onSessionEnd?.(session)).catch(() => undefined);
    });
  }

  async context(windowId: string): Promise<ProcedureContext<P> | undefined> {
    const session = this.sessions.get(windowId);
    const customer = session && (await this.customers.findById(session.customerId));
    // The session may have ended while the customer was read.
    if (!session || !customer || this.sessions.get(windowId)?.sessionId !== session.sessionId) return undefined;
    return { session, customer, procedure: this.bySession.get(session.sessionId) };
  }

  /**
   * Records where the session is. A session that ended meanwhile (the
   * customer left during a slow step) records nothing: a new password or a
   * completion must not outlive the customer in memory.
   */
  set(session: CustomerSession, procedure: P): boolean {
    if (this.sessions.get(session.windowId)?.sessionId !== session.sessionId) return false;
    this.bySession.set(session.sessionId, procedure);
    return true;
  }

  /** The window's procedure, if its customer is still signed in. */
  current(windowId: string): P | undefined {
    const session = this.sessions.get(windowId);
    return session && this.bySession.get(session.sessionId);
  }

  /** The customer closed the completion (or print view): its content is gone for good. */
  finish(windowId: string): KioskResult<null> {
    const session = this.sessions.get(windowId);
    if (!session) return fail('not_signed_in');
    this.bySession.delete(session.sessionId);
    return ok(null);
  }
}
