import type { FuriganaSegment } from '@shared/contract/models';
import { KANJI } from '@shared/domain/kanji';
/** Where furigana never go: fields, the keyboard, the toolbar, what is already ruby. */
const EXCLUDED = 'input, textarea, script, style, ruby, rt, [data-no-furigana], .keyboard-dock, [data-furigana]';

export type ReadingLookup = (texts: string[]) => Promise<FuriganaSegment[][] | undefined>;

/**
 * 「ふりがな」: readings above the kanji of the page, from the core's analyser.
 *
 * Vue owns the page's text nodes and keeps writing to them, so they are never
 * replaced: each one with kanji is emptied and a `<span data-furigana>` with the
 * ruby goes just before it. When Vue writes new text into the node, the span
 * is redrawn from it; when Vue removes the node, its span goes too. The ruby
 * is aria-hidden and the plain text sits beside it, visually hidden, so names
 * and the speech stay the text on screen, in one piece.
 * Returns the stop, which puts every text back.
 */
export function startFurigana(root: HTMLElement, lookup: ReadingLookup): () => void {
  const original = new Map<Text, string>();
  const spans = new Map<Text, HTMLElement>();
  const cache = new Map<string, FuriganaSegment[]>();
  let stopped = false;

  const candidates = (node: Node): Text[] => {
    const found: Text[] = [];
    const visit = (current: Node) => {
      if (current instanceof Text) {
        if (KANJI.test(current.nodeValue ?? '') && !current.parentElement?.closest(EXCLUDED)) found.push(current);
        return;
      }
      if (current instanceof Element && current.matches(EXCLUDED)) return;
      current.childNodes.forEach(visit);
    };
    visit(node);
    return found;
  };

  const draw = (text: Text, segments: FuriganaSegment[]) => {
    const span = document.createElement('span');
    span.setAttribute('data-furigana', '');
    // What is seen: the text with ruby, hidden from names and speech (Chromium would name it "お 知 らせ")…
    const shown = document.createElement('span');
    shown.className = 'furigana';
    shown.setAttribute('aria-hidden', 'true');
    for (const segment of segments) {
      if (!segment.reading) {
        shown.append(segment.text);
        continue;
      }
      const ruby = document.createElement('ruby');
      const rt = document.createElement('rt');
      rt.textContent = segment.reading;
      ruby.append(segment.text, rt);
      shown.append(ruby);
    }
    // …and what is named and spoken: the text as it was, in one piece.
    const named = document.createElement('span');
    named.className = 'visually-hidden';
    named.textContent = text.nodeValue;
    span.append(shown, named);
    spans.get(text)?.remove();
    text.before(span);
    spans.set(text, span);
    original.set(text, text.nodeValue ?? '');
    text.nodeValue = '';
  };

  const decorate = async (texts: Text[]) => {
    const missing = [...new Set(texts.map((text) => text.nodeValue ?? ''))].filter((value) => !cache.has(value));
    if (missing.length > 0) {
      const answer = await lookup(missing.slice(0, 200));
      answer?.forEach((segments, index) => cache.set(missing[index]!, segments));
    }
    if (stopped) return;
    for (const text of texts) {
      const segments = cache.get(text.nodeValue ?? '');
      // Still on the page and still saying what was looked up.
      if (segments && text.isConnected && text.nodeValue) draw(text, segments);
    }
  };

  const observer = new MutationObserver((records) => {
    const fresh: Text[] = [];
    for (const record of records) {
      if (record.type === 'characterData' && record.target instanceof Text) {
        const text = record.target;
        // Vue wrote new words into an emptied node: redraw from them.
        if (spans.has(text) && text.nodeValue) {
          spans.get(text)?.remove();
          spans.delete(text);
          original.delete(text);
        }
        if (text.nodeValue && KANJI.test(text.nodeValue) && !text.parentElement?.closest(EXCLUDED)) fresh.push(text);
        continue;
      }
      record.removedNodes.forEach((node) => {
        if (node instanceof Text && spans.has(node)) {
          spans.get(node)?.remove();
          spans.delete(node);
          original.delete(node);
        }
      });
      record.addedNodes.forEach((node) => fresh.push(...candidates(node)));
    }
    if (fresh.length > 0) void decorate(fresh);
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  void decorate(candidates(root));

  return () => {
    stopped = true;
    observer.disconnect();
    for (const [text, span] of spans) {
      span.remove();
      if (!text.nodeValue) text.nodeValue = original.get(text) ?? '';
    }
    spans.clear();
    original.clear();
  };
}
