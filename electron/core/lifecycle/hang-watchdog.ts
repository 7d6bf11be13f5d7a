/**
 * Asks the page to answer every `intervalMs`; a page that has not answered in
 * `timeoutMs` is hung (a script in an endless loop, a renderer stuck in a
 * driver) and `onHung` runs once. The customer must not face a frozen screen
 * until someone restarts the machine. A round whose timeout fired late (this
 * process itself was held: a synchronous wait on the store's lock blocks it
 * for up to 3 s) blames nobody: the page's answer could not be read in time,
 * and the next round asks again.
 */
export function watchForHang(
  ping: () => Promise<unknown>,
  onHung: () => void,
  { intervalMs = 1000, timeoutMs = 2000, onAnswer }: { intervalMs?: number; timeoutMs?: number; onAnswer?: () => void } = {},
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });

  // The loop cannot reject: a failing ping counts as an answer and the waits are timers.
  void (async () => {
    while (!stopped) {
      // A ping that fails (page closing, crashed) is not a hang: the page's own events report those.
      const asked = Date.now();
      // A ping that succeeded is the page answering (the systemd watchdog and /healthz hear of it).
      const answered = await Promise.race([ping().then(() => (onAnswer?.(), true), () => true), wait(timeoutMs).then(() => false)]);
      clearTimeout(timer);
      if (stopped) return;
      const heldHere = Date.now() - asked > timeoutMs * 1.25;
      if (!answered && !heldHere) {
        stopped = true;
        onHung();
        return;
      }
      await wait(intervalMs);
    }
  })();

  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
