/**
 * Runs `task` and answers no sooner than `ms` after the start, whatever it
 * did: a question about an ID that exists and one that does not take the same
 * time, so timing tells no more than the words do.
 */
export async function atLeast<T>(ms: number, task: () => Promise<T>): Promise<T> {
  const until = Date.now() + ms;
  const settled = await Promise.allSettled([task()]);
  const wait = until - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const [outcome] = settled as [PromiseSettledResult<T>];
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}
