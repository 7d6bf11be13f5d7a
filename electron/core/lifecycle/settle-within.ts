/** How a promise ended, or that it had not within the time given. */
export type SettledWithin<T> = { state: 'fulfilled'; value: T } | { state: 'rejected'; reason: unknown } | { state: 'late' };

/**
 * Waits for `work` at most `ms`: its outcome, or `late`. The timer is cleared
 * either way, so nothing waits on after the answer. (The work itself runs on.)
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<SettledWithin<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SettledWithin<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'late' }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value): SettledWithin<T> => ({ state: 'fulfilled', value }),
        (reason: unknown): SettledWithin<T> => ({ state: 'rejected', reason }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
