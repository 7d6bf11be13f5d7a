import type { SessionEndReason } from '../../../shared/contract/models';

/** The signed-in customer of one window. Lives only in memory. */
export interface CustomerSession {
  windowId: string;
  customerId: number;
  signedInAt: number;
}

type EndListener = (windowId: string, reason: SessionEndReason) => void;

/**
 * One customer session per window (the kiosk's screen). Ending a session
 * notifies listeners, which wipe the renderer and the browser history.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, CustomerSession>();
  private readonly endListeners = new Set<EndListener>();

  start(windowId: string, customerId: number, now: number): CustomerSession {
    if (this.sessions.has(windowId)) this.end(windowId, 'replaced');
    const session = { windowId, customerId, signedInAt: now };
    this.sessions.set(windowId, session);
    return session;
  }

  get(windowId: string): CustomerSession | undefined {
    return this.sessions.get(windowId);
  }

  /** Ends the window's session, if any; listeners hear of it either way so the screen is wiped. */
  end(windowId: string, reason: SessionEndReason): void {
    this.sessions.delete(windowId);
    for (const listener of this.endListeners) listener(windowId, reason);
  }

  onEnd(listener: EndListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  get size(): number {
    return this.sessions.size;
  }
}
