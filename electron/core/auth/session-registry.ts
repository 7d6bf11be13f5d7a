import { randomUUID } from 'node:crypto';
import type { SessionEndReason } from '../../../shared/contract/models';

/** The signed-in customer of one window. Lives only in memory. */
export interface CustomerSession {
  /** Random per sign-in: codes are bound to it, so a code cannot outlive its session. */
  sessionId: string;
  windowId: string;
  customerId: number;
  signedInAt: number;
  /** Last time the password was entered (sign-in or re-entry). */
  authenticatedAt: number;
  /** Last call from the window: a session nobody uses is ended by `expireIdle`. */
  lastSeenAt: number;
  /** The customer's password change this session knows of (null: none yet): a later one, at any kiosk, ends it. */
  passwordChangedAt: number | null;
  /** Signed in with a staff-issued temporary password: nothing but setting a new one is open until it is set. */
  mustChangePassword: boolean;
  /** The customer's credential version at sign-in (or after this session's own change): commits apply only to it. */
  credentialVersion: number;
}

type EndListener = (session: CustomerSession | undefined, windowId: string, reason: SessionEndReason) => void;

/**
 * One customer session per window (the kiosk's screen). Ending a session
 * notifies listeners, which wipe the renderer and the browser history.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, CustomerSession>();
  private readonly endListeners = new Set<EndListener>();
  private readonly resetListeners = new Set<(windowId: string) => void>();
  /** Counts the ends of each window's sessions: a slow step that began before an end must not finish after it. */
  private readonly epochs = new Map<string, number>();

  start(
    windowId: string,
    customerId: number,
    now: number,
    {
      passwordChangedAt = null,
      mustChangePassword = false,
      credentialVersion = 0,
    }: { passwordChangedAt?: number | null; mustChangePassword?: boolean; credentialVersion?: number } = {},
  ): CustomerSession {
    if (this.sessions.has(windowId)) this.end(windowId, 'replaced');
    const session = {
      sessionId: randomUUID(),
      windowId,
      customerId,
      signedInAt: now,
      authenticatedAt: now,
      lastSeenAt: now,
      passwordChangedAt,
      mustChangePassword,
      credentialVersion,
    };
    this.sessions.set(windowId, session);
    return session;
  }

  get(windowId: string): CustomerSession | undefined {
    return this.sessions.get(windowId);
  }

  /**
   * Changes whenever the window's session ends. A slow step (a password check)
   * takes it before and compares after: a customer who left, or a page that
   * crashed, meanwhile must not be signed in on the next customer's screen.
   */
  epoch(windowId: string): number {
    return this.epochs.get(windowId) ?? 0;
  }

  /**
   * The window was reset (its session ended, or nobody was signed in): a
   * sign-in still running for it must not land, and what the window held
   * without a session (a password reset, a slip's demo copy) goes.
   */
  invalidate(windowId: string): void {
    this.epochs.set(windowId, this.epoch(windowId) + 1);
    for (const listener of this.resetListeners) listener(windowId);
  }

  /** Ends the window's session, if any; listeners hear of it either way so the screen is wiped. */
  end(windowId: string, reason: SessionEndReason): void {
    const session = this.sessions.get(windowId);
    this.sessions.delete(windowId);
    this.invalidate(windowId);
    for (const listener of this.endListeners) listener(session, windowId, reason);
  }

  /** Ends every session of a customer but the one in `exceptWindowId` (every one, without it). */
  endCustomer(customerId: number, exceptWindowId?: string): void {
    for (const session of [...this.sessions.values()]) {
      if (session.customerId === customerId && session.windowId !== exceptWindowId) this.end(session.windowId, 'replaced');
    }
  }

  /** The customer entered the password again: recent-authentication checks pass anew. */
  reauthenticated(windowId: string, now: number): void {
    const session = this.sessions.get(windowId);
    if (session) session.authenticatedAt = now;
  }

  /**
   * This session is changing the password itself (at `at`; `null` puts back
   * what it knew if the change failed): it stays open, to its print view,
   * while every other session of the customer ends.
   */
  passwordChanged(windowId: string, at: number | null): void {
    const session = this.sessions.get(windowId);
    if (session) session.passwordChangedAt = at;
  }

  /** This session's own commit moved the customer's credentials on to `version`. */
  credentialsChanged(windowId: string, version: number): void {
    const session = this.sessions.get(windowId);
    if (session) session.credentialVersion = version;
  }

  /** The temporary password was replaced: the rest of My Page opens. */
  passwordSet(windowId: string): void {
    const session = this.sessions.get(windowId);
    if (session) session.mustChangePassword = false;
  }

  /**
   * Ends every session whose customer changed the password after it opened,
   * given each customer's last change as the store holds it (another kiosk of
   * the shop may have made it). Returns how many ended.
   */
  endOutdated(changes: ReadonlyMap<number, number | null>): number {
    const outdated = [...this.sessions.values()].filter((session) => {
      const changedAt = changes.get(session.customerId);
      return typeof changedAt === 'number' && (session.passwordChangedAt === null || changedAt > session.passwordChangedAt);
    });
    for (const session of outdated) this.end(session.windowId, 'replaced');
    return outdated.length;
  }

  /** The customers signed in at this kiosk now. */
  customerIds(): number[] {
    return [...new Set([...this.sessions.values()].map((session) => session.customerId))];
  }

  /** A call came from the window. */
  touch(windowId: string, now: number): void {
    const session = this.sessions.get(windowId);
    if (session) session.lastSeenAt = now;
  }

  /**
   * Ends sessions with no call since `before`. The renderer's idle reset ends
   * a session long before this; this is for a renderer that hung or lost it.
   */
  expireIdle(before: number): number {
    const stale = [...this.sessions.values()].filter((session) => session.lastSeenAt < before);
    for (const session of stale) this.end(session.windowId, 'idle');
    return stale.length;
  }

  /** Every reset of a window, signed in or not (end() resets it too). */
  onWindowReset(listener: (windowId: string) => void): void {
    this.resetListeners.add(listener);
  }

  onEnd(listener: EndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  get size(): number {
    return this.sessions.size;
  }
}
