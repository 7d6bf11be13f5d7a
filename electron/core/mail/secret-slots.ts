/**
 * Secrets (verification codes) waiting to be put into an outbox mail at send
 * time. Memory only: after a restart the code's session is gone anyway, and the
 * mail is marked expired instead of being sent without its code.
 */
export class SecretSlots {
  private readonly slots = new Map<number, { secret: string; expiresAt: number }>();

  set(mailId: number, secret: string, expiresAt: number): void {
    this.slots.set(mailId, { secret, expiresAt });
  }

  take(mailId: number, now: number): string | undefined {
    const slot = this.slots.get(mailId);
    if (!slot || slot.expiresAt <= now) {
      this.slots.delete(mailId);
      return undefined;
    }
    return slot.secret;
  }

  delete(mailId: number): void {
    this.slots.delete(mailId);
  }

  /** Drops expired secrets; returns how many were dropped. */
  purge(now: number): number {
    let dropped = 0;
    for (const [id, slot] of this.slots) {
      if (slot.expiresAt <= now) {
        this.slots.delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }
}
