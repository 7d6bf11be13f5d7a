/**
 * What a start-up acquired, released in reverse order, once. Start-up defers
 * each resource's release right after acquiring it; a failure anywhere in
 * start-up, and the later close, both unwind the same stack, so nothing is
 * written twice and nothing (store, lock, log, mail worker) is left behind.
 * (Node 20 has no AsyncDisposableStack yet.)
 */
export class ResourceStack {
  private readonly releases: (() => unknown)[] = [];
  private closing: Promise<void> | undefined;

  /** Registers `release` to run when the stack closes (after everything registered later). */
  defer(release: () => unknown): void {
    if (this.closing) throw new Error('the stack is already closed');
    this.releases.push(release);
  }

  /** Acquires a resource and defers its release in one step. */
  async use<T>(acquire: () => Promise<T> | T, release: (resource: T) => unknown): Promise<T> {
    const resource = await acquire();
    this.defer(() => release(resource));
    return resource;
  }

  /**
   * Releases everything in reverse, once (a second call waits for the first).
   * A release that fails does not stop the others; the first failure is thrown at the end.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      let failure: unknown;
      for (const release of this.releases.reverse()) {
        try {
          await release();
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    })();
    return this.closing;
  }
}
