import type { Browser } from 'playwright-core';
import { closeQuietly } from '../core/lifecycle/close-quietly';

/**
 * Closes every page target the kiosk did not open itself: Ctrl+N, Ctrl+T,
 * Ctrl+Shift+N and window.open make windows or tabs a page script cannot
 * prevent, in the kiosk's context or in the browser's default one. Watched at
 * the browser level, so windows of every context are seen.
 *
 * `isKiosk` may wait (the kiosk's own page is announced before its opener
 * knows its id).
 */
export async function closeStrayWindows(
  browser: Browser,
  isKiosk: (targetId: string) => Promise<boolean>,
  onClosed: () => void,
): Promise<void> {
  const session = await browser.newBrowserCDPSession();
  session.on('Target.targetCreated', ({ targetInfo }) => {
    if (targetInfo.type !== 'page') return;
    // isKiosk never rejects (it waits on the kiosk's own page opening, quietly); a stray window that closed itself is fine.
    void isKiosk(targetInfo.targetId).then(async (kiosk) => {
      if (kiosk) return;
      await closeQuietly(session.send('Target.closeTarget', { targetId: targetInfo.targetId }));
      onClosed();
    });
  });
  await session.send('Target.setDiscoverTargets', { discover: true });
}
