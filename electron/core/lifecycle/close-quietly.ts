/**
 * Waits for the closing of something that may already be gone (a browser that
 * crashed, a page or window that closed, a print job that finished, a file
 * already removed). Its failure means there is nothing left to close, so it is
 * not reported; the returned promise never rejects.
 */
export async function closeQuietly(closing: Promise<unknown> | undefined): Promise<void> {
  await closing?.catch(() => undefined);
}
