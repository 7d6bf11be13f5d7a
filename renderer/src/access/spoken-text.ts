/**
 * What the speech guidance says of the page: the text a sighted customer
 * reads, never a secret. Readings of furigana (`rt`), hidden parts and
 * `data-secret` elements are left out; a `data-secret="slip"` element is said
 * as `slipNote` ("the password is printed on the slip").
 */
export function spokenText(root: Element, slipNote: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (!(node instanceof Element) || skipped(node)) return;
    if (node.hasAttribute('data-secret')) {
      if (node.getAttribute('data-secret') === 'slip') parts.push(` ${slipNote} `);
      return;
    }
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) return;
    const block = !['SPAN', 'RUBY', 'RB', 'STRONG', 'EM', 'B', 'A'].includes(node.tagName);
    if (block) parts.push(' ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) parts.push(' ');
  };
  walk(root);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function skipped(element: Element): boolean {
  if (element.tagName === 'RT' || element.tagName === 'RP' || element.tagName === 'SCRIPT' || element.tagName === 'STYLE') return true;
  if (element.getAttribute('aria-hidden') === 'true') return true;
  return element instanceof HTMLElement && !element.checkVisibility() && !element.classList.contains('visually-hidden');
}

/** A text field whose value is never said, only how many characters it holds (passwords, codes, PINs). */
export function isSecretField(element: Element): boolean {
  return element instanceof HTMLInputElement && (element.type === 'password' || element.hasAttribute('data-secret'));
}
