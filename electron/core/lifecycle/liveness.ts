/** A page that has not answered for this long is not answering (the shells ask every second). */
export const PAGE_ANSWER_WINDOW_MS = 10_000;

/**
 * What the shell tells the core of its page: when the welcome screen was
 * first interactive, and when the page last answered the shell's ping. The
 * systemd watchdog and `/healthz` read it; only the shell writes it.
 */
export interface Liveness {
  pageAnswered(): void;
  lastPageAnswerAt(): number | undefined;
  /** The page answered within PAGE_ANSWER_WINDOW_MS. */
  pageAnswering(): boolean;
}

export function createLiveness(clock: () => number = Date.now, windowMs = PAGE_ANSWER_WINDOW_MS): Liveness {
  let last: number | undefined;
  return {
    pageAnswered: () => {
      last = clock();
    },
    lastPageAnswerAt: () => last,
    pageAnswering: () => last !== undefined && clock() - last < windowMs,
  };
}
