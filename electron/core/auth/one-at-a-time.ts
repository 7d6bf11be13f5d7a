/**
 * Runs tasks of the same key one after another, in arrival order (tasks of
 * different keys run side by side). A burst of attempts against one ID or the
 * staff PIN waits in line inside this process instead of racing; across
 * processes the store's in-flight lease refuses the second attempt.
 */
export function oneAtATime(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    // The next task runs after this one whatever it did; its failure is its caller's (run is returned).
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
