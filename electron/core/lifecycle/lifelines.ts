/** How often the kiosk checks that the process that started it is still there. */
export const PARENT_CHECK_MS = 1_000;
/** A kiosk that lost a lifeline has this long to close in order before it exits anyway. */
export const FATAL_EXIT_DEADLINE_MS = 3_000;

type Lost = (why: string) => void;

/**
 * What a kiosk process lives by besides its own work: the process that
 * started it (systemd, xvfb-run, npm) and the pipes its output goes to. When
 * either goes, nobody supervises the kiosk any more: it must end (non-zero,
 * so a supervisor restarts it) rather than serve on unseen or, as once seen,
 * spin writing errors to a pipe nobody reads.
 */
export function watchLifelines(
  onLost: Lost,
  target: Pick<NodeJS.Process, 'ppid' | 'stdout' | 'stderr'> = process,
  intervalMs = PARENT_CHECK_MS,
): () => void {
  let lost = false;
  const lose = (why: string) => {
    if (lost) return;
    lost = true;
    onLost(why);
  };
  const parent = target.ppid;
  const timer = setInterval(() => {
    if (target.ppid !== parent) lose(`the process that started the kiosk (pid ${parent}) is gone`);
  }, intervalMs);
  timer.unref();
  const onPipeError = (name: string) => (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || error.code === 'EIO') lose(`${name} is closed (${error.code})`);
  };
  const listeners = [
    [target.stdout, onPipeError('stdout')],
    [target.stderr, onPipeError('stderr')],
  ] as const;
  for (const [stream, listener] of listeners) stream.on('error', listener);
  return () => {
    clearInterval(timer);
    for (const [stream, listener] of listeners) stream.off('error', listener);
  };
}

/**
 * Ends the process with status 1: an orderly stop (`stop`) first, but never
 * longer than FATAL_EXIT_DEADLINE_MS, so a stop that hangs on a lost
 * display or pipe cannot keep the process alive.
 */
export function exitFatally(stop: () => Promise<unknown>, exit: (code: number) => void = (code) => process.exit(code)): void {
  setTimeout(() => exit(1), FATAL_EXIT_DEADLINE_MS);
  // Whatever the stop says, the process ends with status 1: the supervisor restarts it.
  void stop()
    .catch(() => undefined)
    .finally(() => exit(1));
}
